//! "Embed this plan" as data: the dialog's form written as HTML (every label escaped), and the
//! form's fields read back through the widget's own flag reader ([`flags::read`]), so the
//! dialog can never write a flag the widget would refuse. Pure: tested natively; the page shows
//! the HTML and passes the fields in (`ui::embed::dialog`).

use super::flags::{self, FlagProblem};
use super::texts;
use crate::plan::levers;
use crate::plan::{Lang, Plan, MAX_MONTHS};
use crate::ui::i18n::Msg;
use crate::ui::kpi;
use crate::ui::report::escape as esc;

/// The width the preview starts at, in CSS pixels.
pub const PREVIEW_WIDTH: u32 = 420;

/// The height the iframe snippet gives the widget before the preview has reported its own, in
/// CSS pixels: the default widget's at 600 px wide and over (about 725 px) with room to spare.
/// (A phone's is taller, about 900 px: the host script's snippet sizes itself.)
pub const IFRAME_HEIGHT: u32 = 760;

/// The height the iframe snippet gives the widget: the preview's as it reported it (`preview`,
/// 0 before its first report: [`IFRAME_HEIGHT`]), with the charts, figures and sliders chosen at
/// the preview's width, and 16 px to spare, in tens of pixels.
pub fn iframe_height(preview: u32) -> u32 {
    if preview == 0 {
        return IFRAME_HEIGHT;
    }
    (preview + 16).div_ceil(10) * 10
}

fn checkbox(out: &mut String, name: &str, value: &str, label: &str, on: bool) {
    out.push_str(&format!(
        "<label class=\"check\"><input type=\"checkbox\" name=\"{name}\" value=\"{}\"{}>{}</label>",
        esc(value),
        if on { " checked" } else { "" },
        esc(label)
    ));
}

/// The dialog's content for `plan`, in `lang`: the flags' form, the problems list, the preview
/// and the two snippets with their copy buttons. Buttons carry `data-action`.
pub fn dialog_html(lang: Lang, plan: &Plan) -> String {
    let t = |m: [&'static str; 2]| esc(super::tr(m, lang));
    let mut h = String::with_capacity(8 * 1024);
    h.push_str(&format!(
        "<h2 id=\"embed-heading\">{}</h2><p>{}</p><form data-role=\"flags\"><div class=\"embed-row\">",
        esc(Msg::EmbedThis.tr(lang)),
        t(texts::INTRO)
    ));
    let select = |name: &str, id: &str, label: [&'static str; 2], options: [(&str, String); 3]| {
        let mut s = format!("<label>{} <select name=\"{name}\"{id}>", t(label));
        for (value, text) in options {
            s.push_str(&format!("<option value=\"{value}\">{text}</option>"));
        }
        s.push_str("</select></label>");
        s
    };
    h.push_str(&select(
        "lang",
        " id=\"embed-lang\"",
        texts::LANG,
        [
            ("auto", t(texts::AUTO)),
            ("zh", "中文".into()),
            ("en", "English".into()),
        ],
    ));
    h.push_str(&select(
        "theme",
        "",
        texts::THEME,
        [
            ("auto", t(texts::AUTO)),
            ("light", t(texts::LIGHT)),
            ("dark", t(texts::DARK)),
        ],
    ));
    checkbox(
        &mut h,
        "readonly",
        "1",
        super::tr(texts::READONLY, lang),
        false,
    );
    h.push_str(&format!(
        "</div><fieldset><legend>{}</legend>",
        t(texts::CHARTS)
    ));
    for id in flags::CHARTS {
        checkbox(
            &mut h,
            "charts",
            id,
            flags::chart(id).0.tr(lang),
            id == "channels",
        );
    }
    h.push_str(&format!(
        "</fieldset><fieldset><legend>{}</legend>",
        t(texts::KPIS)
    ));
    for (id, label) in kpi::IDS.iter().zip(kpi::LABELS) {
        checkbox(
            &mut h,
            "kpis",
            id,
            label.tr(lang),
            flags::DEFAULT_KPIS.contains(id),
        );
    }
    h.push_str(&format!(
        "</fieldset><fieldset><legend>{}</legend>",
        t(texts::LEVERS)
    ));
    let defaults = default_paths(plan);
    for l in levers::levers(plan).into_iter().filter(|l| !l.advanced) {
        let on = defaults.contains(&l.path);
        checkbox(&mut h, "levers", &l.path, &l.label(lang), on);
    }
    h.push_str(&format!(
        "</fieldset><div class=\"embed-row\"><label>{} <input type=\"number\" name=\"months\" min=\"1\" max=\"{MAX_MONTHS}\" step=\"1\"></label>\
         <label>{} <input type=\"text\" name=\"title\" maxlength=\"{}\"></label></div>\
         <label class=\"wide\">{} <input type=\"text\" name=\"origins\" placeholder=\"https://intranet.example.com\"></label></form>\
         <ul class=\"field-error\" role=\"alert\" data-testid=\"embed-problems\"></ul>\
         <label>{} <input type=\"range\" data-role=\"width\" min=\"300\" max=\"900\" step=\"10\" value=\"{PREVIEW_WIDTH}\"> <output data-role=\"width-shown\">{PREVIEW_WIDTH} px</output></label>\
         <div class=\"embed-preview-box\"><iframe class=\"embed-preview\" title=\"Troika\" data-testid=\"embed-preview\" sandbox=\"allow-scripts allow-same-origin\" style=\"width:{PREVIEW_WIDTH}px\"></iframe></div>\
         <h3 id=\"embed-iframe-heading\">{}</h3><textarea readonly rows=\"3\" aria-labelledby=\"embed-iframe-heading\" data-testid=\"embed-iframe-snippet\"></textarea>\
         <button type=\"button\" data-action=\"copy-iframe\">{}</button>\
         <h3 id=\"embed-script-heading\">{}</h3><textarea readonly rows=\"3\" aria-labelledby=\"embed-script-heading\" data-testid=\"embed-script-snippet\"></textarea>\
         <button type=\"button\" data-action=\"copy-script\">{}</button>\
         <p role=\"status\" data-testid=\"embed-copied\"></p><p class=\"note\">{}</p>\
         <button type=\"button\" class=\"close\" data-action=\"close\" data-testid=\"embed-close\">{}</button>",
        t(texts::MONTHS),
        t(texts::TITLE),
        flags::MAX_TITLE,
        t(texts::ORIGINS),
        t(texts::WIDTH),
        t(texts::IFRAME),
        t(texts::COPY),
        t(texts::SCRIPT),
        t(texts::COPY),
        t(texts::DOCS),
        esc(Msg::Close.tr(lang)),
    ));
    h
}

/// The lever paths the widget shows by default for `plan`.
pub fn default_paths(plan: &Plan) -> Vec<String> {
    flags::default_levers(plan)
        .into_iter()
        .map(|l| l.path)
        .collect()
}

/// The form's fields (`lang=zh&charts=channels,funnel&levers=…`, as the page reads them) as the
/// widget's query string, every flag at its default left out, and the problems to show. Sliders
/// equal to the plan's default (`defaults`) are left out too.
pub fn read(fields: &str, defaults: &[String]) -> (String, Vec<FlagProblem>) {
    let (found, mut problems) = flags::read(fields);
    // Nothing ticked in a list gives its default: say so rather than show what was not chosen.
    // (Sliders only where the widget has any: read-only, it has none.)
    let lists = ["charts", "kpis", "levers"];
    for list in lists.into_iter().take(if found.readonly { 2 } else { 3 }) {
        if !fields
            .split('&')
            .any(|p| p.starts_with(list) && p[list.len()..].starts_with('='))
        {
            problems.push(FlagProblem::new(list, "", flags::Fault::Value));
        }
    }
    // The checkboxes list sliders in the plan's order: the same set as the default is the default.
    let levers = found
        .levers
        .clone()
        .filter(|l| l.len() != defaults.len() || !l.iter().all(|p| defaults.contains(p)));
    problems.retain(|p| p.flag != "preset");
    (flags::to_query(&found, levers.as_deref()), problems)
}
