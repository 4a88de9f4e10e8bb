//! The plan report (`ui::print`): every figure the model's, every text from a plan escaped, the
//! assumptions that differ from the preset listed, in both languages.

use troika::plan::{levers, Lang};
use troika::presets;
use troika::ui::print;
mod common;

fn report(plan: &troika::Plan, preset: Option<&presets::Preset>, lang: Lang) -> String {
    common::figures::with_figures(lang, |f| {
        print::plan_report(plan, preset, "2026-12-02", None, f).expect("a valid plan reports")
    })
}

/// The `data-value` after `marker` in `html`.
fn value_after(html: &str, marker: &str) -> f64 {
    let at = html.find(marker).expect(marker);
    let rest = &html[at..];
    let v = &rest[rest.find("data-value=\"").unwrap() + 12..];
    v[..v.find('"').unwrap()].parse().unwrap()
}

#[test]
fn the_report_shows_the_models_figures_and_escapes_the_plan() {
    let preset = presets::get("roi-fear").unwrap();
    let mut plan = preset.plan.clone();
    plan.name = "<script>alert(1)</script> & Q3".into();
    let p = troika::simulate(&plan).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let html = report(&plan, Some(preset), lang);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Q3"));
        assert_eq!(value_after(&html, "data-kpi=\"revenue\""), p.totals.revenue);
        assert_eq!(
            value_after(&html, "data-kpi=\"ad_spend\""),
            p.totals.ad_spend
        );
        assert_eq!(html.matches("class=\"team\"").count(), 3);
        for id in print::CHARTS {
            assert!(html.contains(&format!("<canvas data-chart=\"{id}\"")));
        }
        assert!(html.contains("data-testid=\"report-verdict\""));
        assert!(html.contains("2026-12-02"));
    }
}

#[test]
fn the_changed_assumptions_are_listed_against_the_preset() {
    let preset = presets::get("roi-fear").unwrap();
    let same = report(&preset.plan, Some(preset), Lang::En);
    assert!(same.contains("No assumption differs from the preset."));
    let plan = levers::set(&preset.plan, "channels.search.spend_cny", 350_000.0).unwrap();
    let changes = print::changes(&plan, &preset.plan, Lang::Zh);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].1, "60,000");
    assert_eq!(changes[0].2, "350,000");
    assert!(changes[0].0.contains("广告花费"));
    let html = report(&plan, Some(preset), Lang::Zh);
    assert!(html.contains("data-testid=\"report-changes\""));
    // A plan from no preset says so.
    let html = report(&plan, None, Lang::En);
    assert!(html.contains("is not tied to a preset"));
    // A long list is cut, and the rest counted.
    let mut many = preset.plan.clone();
    for l in levers::levers(&preset.plan) {
        if let Some(v) = levers::get(&many, &l.path) {
            if let Ok(next) = levers::set(&many, &l.path, v * 0.9 + 0.001) {
                many = next;
            }
        }
    }
    let n = print::changes(&many, &preset.plan, Lang::En).len();
    assert!(n > print::MAX_CHANGES, "{n} changes");
    let html = report(&many, Some(preset), Lang::En);
    assert!(html.contains(&format!("…and {} more.", n - print::MAX_CHANGES)));
}

#[test]
fn a_shortened_horizon_a_changed_target_and_every_preset_report() {
    // A preset whose goal is a month beyond a shortened horizon still reports.
    for preset in presets::all() {
        let six = preset.plan.with_horizon(6);
        for lang in [Lang::En, Lang::Zh] {
            report(&six, Some(preset), lang);
        }
        assert!(
            print::changes(&preset.plan, &preset.plan, Lang::En).is_empty(),
            "{}",
            preset.id
        );
    }
    // A shorter horizon is listed with its unit, in each language.
    let june = presets::june();
    let one = june.with_horizon(1);
    let row = |lang| print::changes(&one, &june, lang).remove(0);
    assert_eq!(
        (row(Lang::En).1, row(Lang::En).2),
        ("12 months".into(), "1 month".into())
    );
    assert_eq!(
        (row(Lang::Zh).1, row(Lang::Zh).2),
        ("12 个月".into(), "1 个月".into())
    );
    // A change no lever shows (the revenue target) is said.
    let preset = presets::get("roi-fear").unwrap();
    let mut plan = preset.plan.clone();
    plan.target_revenue_cny = Some(troika::plan::Series::Flat(9_999_999.0));
    let changes = print::changes(&plan, &preset.plan, Lang::En);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].0.starts_with("Other assumptions"));
    // A channel name is escaped in the report's chart figures.
    let mut named = preset.plan.clone();
    named.channels[0].name = "<b>x</b>".into();
    let html = report(&named, Some(preset), Lang::En);
    assert!(!html.contains("<b>x</b>") && html.contains("&lt;b&gt;x&lt;/b&gt;"));
}
