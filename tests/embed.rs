//! The widget's URL flags and host protocol (`docs/embed.md`), natively: every bad flag and
//! every bad message is named, takes the default or changes nothing, and never panics.

use proptest::prelude::*;
use serde_json::{json, Value};
use troika::plan::{levers, Lang};
use troika::presets;
use troika::ui::embed::flags::{self, Fault, Flags, LangFlag, Origins, Theme};
use troika::ui::embed::protocol::{self, Action, Envelope, Shown};

#[test]
fn no_flags_give_the_documented_defaults() {
    let (f, problems) = flags::read("");
    assert!(problems.is_empty());
    assert_eq!(f, Flags::default());
    assert_eq!(f.lang, LangFlag::Auto);
    assert_eq!(f.theme, Theme::Auto);
    assert_eq!(f.charts, vec!["channels"]);
    assert_eq!(
        f.kpis,
        vec!["revenue", "orders", "ad_spend", "roas_lifetime"]
    );
    assert!(!f.readonly);
    assert_eq!(f.origins, Origins::Own);
}

#[test]
fn every_flag_reads() {
    let (f, problems) = flags::read(
        "?preset=roi-fear&lang=zh&theme=dark&levers=operations.new_aov_cny,channels.search.spend_cny\
         &charts=funnel,channels&kpis=gross_profit,revenue&readonly=1&months=6\
         &title=%E9%94%80%E5%94%AE+plan&origins=https://a.example.com,http://127.0.0.1:8080",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(f.preset.as_deref(), Some("roi-fear"));
    assert_eq!(f.lang, LangFlag::Zh);
    assert_eq!(f.theme, Theme::Dark);
    assert_eq!(
        f.levers,
        Some(vec![
            "operations.new_aov_cny".to_string(),
            "channels.search.spend_cny".to_string()
        ])
    );
    assert_eq!(f.charts, vec!["funnel", "channels"]);
    assert_eq!(f.kpis, vec!["gross_profit", "revenue"]);
    assert!(f.readonly);
    assert_eq!(f.months, Some(6));
    assert_eq!(f.title.as_deref(), Some("销售 plan"));
    assert_eq!(
        f.origins,
        Origins::List(vec![
            "https://a.example.com".into(),
            "http://127.0.0.1:8080".into()
        ])
    );
    let (any, _) = flags::read("origins=*&readonly");
    assert_eq!(any.origins, Origins::Any);
    assert!(any.readonly);
}

#[test]
fn a_bad_flag_is_named_with_its_allowed_values_and_takes_its_default() {
    let cases = [
        ("preset=nope", "preset", "june"),
        ("lang=fr", "lang", "zh, en, auto"),
        ("theme=%3Cscript%3E", "theme", "light, dark, auto"),
        ("levers=a%20b", "levers", "channels.search.spend_cny"),
        ("charts=pie", "charts", "channels, carriages"),
        ("kpis=x", "kpis", "revenue, orders"),
        ("readonly=maybe", "readonly", "1, 0, true, false"),
        ("months=0", "months", "1–60"),
        ("months=61", "months", "1–60"),
        ("months=abc", "months", "1–60"),
        (
            "origins=javascript:alert(1)",
            "origins",
            "https://intranet.example.com",
        ),
        ("origins=https://a.example.com/path", "origins", "*"),
    ];
    for (query, flag, allowed) in cases {
        let (f, problems) = flags::read(query);
        assert_eq!(problems.len(), 1, "{query}: {problems:?}");
        let p = &problems[0];
        assert_eq!(p.flag, flag, "{query}");
        assert_eq!(p.fault, Fault::Value);
        assert!(p.allowed.contains(allowed), "{query}: {}", p.allowed);
        let en = p.message(Lang::En);
        let zh = p.message(Lang::Zh);
        assert!(en.starts_with(flag) && en.contains("allowed"), "{en}");
        assert!(zh.starts_with(flag) && zh.contains("可用"), "{zh}");
        // The flag keeps its default.
        assert_eq!(f, Flags::default(), "{query}");
    }
    // A value that is not URL-encoded text says so, with what the flag takes.
    for (query, flag, given, allowed) in [
        ("title=%ZZ", "title", "%ZZ", "≤ 80"),
        ("months=1%", "months", "1%", "1–60"),
        ("lang=%FF", "lang", "%FF", "zh, en, auto"),
    ] {
        let (f, problems) = flags::read(query);
        assert_eq!(problems.len(), 1, "{query}: {problems:?}");
        let p = &problems[0];
        assert_eq!(
            (p.flag.as_str(), p.given.as_str()),
            (flag, given),
            "{query}"
        );
        assert_eq!(p.fault, Fault::Encoding);
        let en = p.message(Lang::En);
        let zh = p.message(Lang::Zh);
        assert!(en.starts_with(flag) && en.contains("URL-encoded"), "{en}");
        assert!(en.contains(allowed) && en.contains("using"), "{en}");
        assert!(zh.starts_with(flag) && zh.contains("URL 编码"), "{zh}");
        assert!(zh.contains(allowed) && zh.contains("已改用"), "{zh}");
        assert_eq!(f, Flags::default(), "{query}");
    }
    // Controls in a value are shown as �, and the value is isolated: a right-to-left override
    // in it leaves the rest of the sentence as it is.
    // The reason is the controls, not the length.
    let (f, problems) = flags::read("title=%00%0A%E2%80%AEabc");
    assert_eq!(f, Flags::default());
    assert_eq!(problems[0].fault, Fault::Controls);
    for lang in [Lang::En, Lang::Zh] {
        let m = problems[0].message(lang);
        assert!(
            m.contains("“\u{2068}\u{FFFD}\u{FFFD}\u{202E}abc\u{2069}”"),
            "{m:?}"
        );
        assert!(m.contains("control") || m.contains("控制字符"), "{m}");
    }
    let (_, problems) = flags::read("title=".to_string().as_str());
    assert!(problems.is_empty());
    // Too many sliders, origins or characters: the count given beside the limit.
    let nine = |f: &dyn Fn(usize) -> String| (1..=9).map(f).collect::<Vec<_>>().join(",");
    let levers = format!("levers={}", nine(&|i| format!("channels.c{i}.spend_cny")));
    let origins = format!("origins={}", nine(&|i| format!("https://a{i}.example.com")));
    let title = format!("title={}", "x".repeat(81));
    for (query, flag, en, zh) in [
        (
            levers.as_str(),
            "levers",
            "has 9 paths, too many",
            "有 9 个路径，太多了",
        ),
        (
            origins.as_str(),
            "origins",
            "has 9 origins, too many",
            "有 9 个来源，太多了",
        ),
        (
            title.as_str(),
            "title",
            "has 81 characters, too many",
            "有 81 个字符，太多了",
        ),
    ] {
        let (f, problems) = flags::read(query);
        assert_eq!(f, Flags::default(), "{query}");
        let p = &problems[0];
        assert_eq!(p.flag, flag);
        assert!(matches!(p.fault, Fault::TooMany(9 | 81)), "{:?}", p.fault);
        let (m_en, m_zh) = (p.message(Lang::En), p.message(Lang::Zh));
        assert!(m_en.contains(en) && m_en.contains("≤ "), "{m_en}");
        assert!(m_zh.contains(zh) && m_zh.contains("≤ "), "{m_zh}");
    }
}

#[test]
fn unknown_and_repeated_flags_are_reported() {
    let (f, problems) = flags::read("foo=1&lang=zh&lang=en&&=x");
    assert_eq!(f.lang, LangFlag::Auto, "a repeated flag takes its default");
    let faults: Vec<_> = problems
        .iter()
        .map(|p| (p.flag.as_str(), p.fault))
        .collect();
    assert_eq!(
        faults,
        vec![
            ("foo", Fault::Unknown),
            ("lang", Fault::Repeated),
            ("", Fault::Unknown)
        ]
    );
    assert!(problems[0]
        .message(Lang::En)
        .contains("preset, lang, theme"));
    assert!(problems[1].message(Lang::Zh).contains("不止一次"));
}

#[test]
fn values_are_cut_in_messages() {
    let (_, problems) = flags::read(&format!("lang={}", "é".repeat(500)));
    assert!(problems[0].given.chars().count() <= 41);
}

proptest! {
    #[test]
    fn any_query_reads_without_panic(query in ".{0,200}") {
        let (f, problems) = flags::read(&query);
        for p in &problems {
            prop_assert!(!p.message(Lang::En).is_empty());
            prop_assert!(!p.message(Lang::Zh).is_empty());
        }
        prop_assert!(f.kpis.len() <= flags::KPIS.len());
        prop_assert!(f.charts.len() <= flags::CHARTS.len());
        let plan = presets::june();
        let (sliders, _) = flags::sliders(&f, &plan);
        prop_assert!(sliders.len() <= flags::MAX_LEVERS);
    }

    #[test]
    fn any_message_is_answered_without_panic(data in ".{0,200}") {
        let plan = presets::june();
        if let Err(r) = protocol::read(Some(&data), &plan) {
            prop_assert!(!r.en.is_empty() && !r.zh.is_empty());
        }
    }
}

#[test]
fn to_query_reads_back_to_the_same_flags() {
    let (f, problems) = flags::read(
        "lang=en&theme=light&charts=spend&kpis=cac&readonly=1&months=12&title=a%26b%20%E5%A5%BD&origins=https://x.example.com",
    );
    assert!(problems.is_empty());
    let levers = vec!["operations.new_aov_cny".to_string()];
    let query = flags::to_query(&f, Some(&levers));
    let (back, problems) = flags::read(&query);
    assert!(problems.is_empty(), "{query}: {problems:?}");
    assert_eq!(back.levers.as_deref(), Some(&levers[..]));
    assert_eq!(
        Flags {
            levers: None,
            ..back
        },
        f
    );
    assert_eq!(flags::to_query(&Flags::default(), None), "");
}

#[test]
fn starting_plan_prefers_the_fragment_then_the_preset_flag() {
    let june = presets::june();
    let roi = presets::get("roi-fear").unwrap().plan.clone();
    let (f, _) = flags::read("preset=roi-fear");
    assert_eq!(flags::starting_plan(&f, "").0, roi);
    assert_eq!(flags::starting_plan(&Flags::default(), "").0, june);
    let (plan, preset, errors) = flags::starting_plan(&f, "#preset=june");
    assert_eq!(
        (plan, preset.as_deref(), errors),
        (june.clone(), Some("june"), None)
    );
    let link = troika::codec::share_fragment(&roi, Some("roi-fear"));
    let (plan, preset, errors) = flags::starting_plan(&Flags::default(), &link);
    assert_eq!(
        (plan, preset.as_deref(), errors),
        (roi.clone(), Some("roi-fear"), None)
    );
    // A damaged plan: its errors, beside June's plan.
    let (plan, _, errors) = flags::starting_plan(&f, "#plan=e30");
    assert_eq!(plan, june);
    assert!(errors.is_some());
    // months cuts the horizon.
    let (f, _) = flags::read("months=3");
    assert_eq!(flags::starting_plan(&f, "").0.horizon_months, 3);
}

#[test]
fn sliders_default_to_six_and_an_unknown_lever_falls_back() {
    let june = presets::june();
    let paths: Vec<_> = flags::default_levers(&june)
        .into_iter()
        .map(|l| l.path)
        .collect();
    assert_eq!(
        paths,
        [
            "channels.search.spend_cny",
            "channels.display.spend_cny",
            "operations.conversion_multiplier",
            "operations.new_aov_cny",
            "membership.first_repurchase_rate",
            "membership.repeat_purchase_rate"
        ]
    );
    let (f, _) = flags::read("levers=operations.new_aov_cny,nope.x");
    let (sliders, problem) = flags::sliders(&f, &june);
    assert_eq!(sliders.len(), 6);
    let problem = problem.expect("an unknown lever is a problem");
    assert_eq!(problem.flag, "levers");
    assert_eq!(problem.given, "nope.x");
    assert!(problem.allowed.contains("channels.search.spend_cny"));
    // A misspelt channel: the spend levers first, and six paths at most (it listed every one).
    let (f, _) = flags::read("levers=channels.nope.spend_cny");
    let problem = flags::sliders(&f, &june).1.unwrap();
    assert!(
        problem
            .allowed
            .starts_with("channels.search.spend_cny, channels.display.spend_cny"),
        "{}",
        problem.allowed
    );
    assert_eq!(
        problem.allowed.matches(", ").count(),
        6,
        "{}",
        problem.allowed
    );
    assert!(problem.allowed.ends_with(", …"));
    let (f, _) = flags::read("levers=operations.new_aov_cny");
    assert_eq!(flags::sliders(&f, &june).0.len(), 1);
}

#[test]
fn snippets_escape_and_carry_the_plan() {
    let (iframe, script) = flags::snippets(
        "https://t.example.com/troika/embed.html",
        "lang=zh&title=%3Cb%3E&origins=https%3A%2F%2Fh.example.com",
        "plan=abc&preset=june",
        560,
    );
    assert!(iframe.starts_with(
        "<iframe src=\"https://t.example.com/troika/embed.html?lang=zh&amp;title=%3Cb%3E"
    ));
    assert!(iframe.contains("#plan=abc&amp;preset=june\""));
    assert!(iframe.contains(
        "sandbox=\"allow-scripts allow-same-origin allow-downloads\" allow=\"clipboard-write\""
    ));
    assert!(script.starts_with(
        "<script src=\"https://t.example.com/troika/troika-embed.js\" defer></script>"
    ));
    assert!(script.contains("data-lang=\"zh\""));
    assert!(script.contains("data-title=\"&lt;b&gt;\""));
    assert!(!script.contains("data-origins"));
    assert!(script.contains("data-plan=\"plan=abc&amp;preset=june\""));
    assert_eq!(
        flags::embed_url("https://t.example.com/a/index.html?x=1#plan=zz"),
        "https://t.example.com/a/embed.html"
    );
    assert_eq!(
        flags::embed_url("http://127.0.0.1:8000/"),
        "http://127.0.0.1:8000/embed.html"
    );
}

#[test]
fn only_the_parent_and_allowed_origins_are_heard() {
    let own = "http://127.0.0.1:8000";
    let host = "http://127.0.0.1:9000";
    assert!(protocol::accepts(true, own, own, &Origins::Own));
    assert!(!protocol::accepts(true, host, own, &Origins::Own));
    assert!(
        !protocol::accepts(false, own, own, &Origins::Own),
        "not the parent"
    );
    assert!(!protocol::accepts(true, "null", "null", &Origins::Own));
    let list = Origins::List(vec![host.to_string()]);
    assert!(protocol::accepts(true, host, own, &list));
    assert!(!protocol::accepts(true, own, own, &list));
    assert!(protocol::accepts(
        true,
        "https://any.example.com",
        own,
        &Origins::Any
    ));
    assert!(!protocol::accepts(false, host, own, &Origins::Any));
    assert_eq!(protocol::targets(own, &Origins::Own), vec![own.to_string()]);
    assert!(protocol::targets("null", &Origins::Own).is_empty());
    assert_eq!(protocol::targets(own, &Origins::Any), vec!["*".to_string()]);
    assert_eq!(protocol::targets(own, &list), vec![host.to_string()]);
}

fn refused(data: Option<&str>) -> (Value, &'static str) {
    let r = protocol::read(data, &presets::june()).expect_err("refused");
    (r.id.clone(), r.code)
}

#[test]
fn bad_messages_are_refused_with_what_is_wrong() {
    assert_eq!(refused(None).1, "bad_message");
    assert_eq!(refused(Some("\"hello\"")).1, "bad_message");
    assert_eq!(refused(Some("{\"troika\":2}")).1, "bad_message");
    assert_eq!(refused(Some("[1]")).1, "bad_message");
    let huge = format!(
        "{{\"troika\":1,\"type\":\"getPlan\",\"pad\":\"{}\"}}",
        "x".repeat(2 << 20)
    );
    assert_eq!(refused(Some(&huge)).1, "bad_message", "a message over 1 MB");
    assert_eq!(
        refused(Some("{\"troika\":1,\"type\":\"nope\",\"id\":1}")),
        (json!(1), "unknown_type")
    );
    // A type that is not a string is named as sent.
    let r = protocol::read(Some(r#"{"troika":1,"type":7,"id":2}"#), &presets::june()).unwrap_err();
    let reply = serde_json::to_value(r.reply()).unwrap();
    assert!(
        reply["message"]["en"]
            .as_str()
            .unwrap()
            .starts_with("“7” is not"),
        "{reply}"
    );
    assert!(
        reply["message"]["zh"]
            .as_str()
            .unwrap()
            .starts_with("“7”不是"),
        "{reply}"
    );
    assert_eq!(
        refused(Some("{\"troika\":1,\"type\":\"setLever\",\"id\":\"a\",\"path\":\"channels.search.spend_cny\"}")),
        (json!("a"), "bad_field")
    );
    assert_eq!(
        refused(Some(
            "{\"troika\":1,\"type\":\"setLever\",\"id\":3,\"path\":\"nope\",\"value\":1}"
        )),
        (json!(3), "unknown_lever")
    );
    assert_eq!(
        refused(Some("{\"troika\":1,\"type\":\"setLever\",\"id\":4,\"path\":\"channels.search.spend_cny\",\"value\":-5}")),
        (json!(4), "invalid_value")
    );
    // Named at the lever path the host sent, in the errors and the message.
    let data = "{\"troika\":1,\"type\":\"setLever\",\"id\":4,\"path\":\"channels.search.spend_cny\",\"value\":-5}";
    let r = protocol::read(Some(data), &presets::june()).expect_err("refused");
    let errors = r.errors.as_ref().unwrap();
    assert!(
        errors.iter().all(|e| e.path == "channels.search.spend_cny"),
        "{errors:?}"
    );
    let reply = serde_json::to_value(r.reply()).unwrap();
    let message = reply["message"]["en"].as_str().unwrap();
    assert!(
        message.contains("channels.search.spend_cny") && !message.contains("channels[0]"),
        "{message}"
    );
    assert_eq!(
        refused(Some(
            "{\"troika\":1,\"type\":\"setPlan\",\"id\":5,\"plan\":{\"horizon_months\":\"x\"}}"
        )),
        (json!(5), "invalid_plan")
    );
    assert_eq!(
        refused(Some(
            "{\"troika\":1,\"type\":\"setPlan\",\"id\":6,\"plan\":\"x\"}"
        )),
        (json!(6), "bad_field")
    );
    let long_id = format!(
        "{{\"troika\":1,\"type\":\"getPlan\",\"id\":\"{}\"}}",
        "x".repeat(65)
    );
    assert_eq!(refused(Some(&long_id)), (Value::Null, "bad_field"));
    // The error reply names the problem in both languages and carries the plan's errors.
    let r = protocol::read(
        Some("{\"troika\":1,\"type\":\"setLever\",\"id\":4,\"path\":\"channels.search.spend_cny\",\"value\":-5}"),
        &presets::june(),
    )
    .unwrap_err();
    let reply = serde_json::to_value(r.reply()).unwrap();
    assert_eq!(reply["troika"], 1);
    assert_eq!(reply["type"], "error");
    assert_eq!(reply["id"], 4);
    assert!(reply["message"]["en"].as_str().unwrap().contains("spend"));
    assert!(!reply["message"]["zh"].as_str().unwrap().is_empty());
    assert!(!reply["errors"].as_array().unwrap().is_empty());
}

/// Asserts that refusal `r`'s reply says `en` in English and `zh` in Chinese.
fn says(r: &protocol::Refusal, en: &str, zh: &str) {
    let reply = serde_json::to_value(r.reply()).unwrap();
    assert!(
        reply["message"]["en"].as_str().unwrap().contains(en),
        "{reply}"
    );
    assert!(
        reply["message"]["zh"].as_str().unwrap().contains(zh),
        "{reply}"
    );
}

#[test]
fn a_message_too_large_or_not_json_is_refused_with_its_requests_id() {
    // The page writes each message's head beside it: the host's promise for a request the
    // widget cannot read (over the size limit, or holding a BigInt) still settles, by its id.
    let june = presets::june();
    let head = r#"{"troika":1,"id":"req-7","type":"setPlan"}"#;
    let huge = format!(
        "{{\"troika\":1,\"id\":\"req-7\",\"type\":\"setPlan\",\"plan\":{{\"name\":\"{}\"}}}}",
        "x".repeat(2 << 20)
    );
    let r = protocol::read_message(Some(&huge), Some(head), &june).unwrap_err();
    assert_eq!((r.id.clone(), r.code), (json!("req-7"), "bad_message"));
    let r = protocol::read_message(None, Some(head), &june).unwrap_err();
    assert_eq!((r.id.clone(), r.code), (json!("req-7"), "bad_message"));
    says(&r, "BigInt", "BigInt");
    // Not a Troika request's head, or an id no reply may carry: no id, as before.
    for head in [
        r#"{"troika":2,"id":"a"}"#,
        r#"{"id":"a"}"#,
        "[1]",
        "nonsense",
    ] {
        let r = protocol::read_message(None, Some(head), &june).unwrap_err();
        assert_eq!(
            (r.id.clone(), r.code),
            (Value::Null, "bad_message"),
            "{head}"
        );
    }
    // Nested deeper than the reader goes: refused by its id, saying so, not left unanswered.
    let deep = format!(
        r#"{{"troika":1,"id":"req-8","type":"setPlan","plan":{}1{}}}"#,
        r#"{"a":"#.repeat(200),
        "}".repeat(200)
    );
    let head = r#"{"troika":1,"id":"req-8","type":"setPlan"}"#;
    let r = protocol::read_message(Some(&deep), Some(head), &june).unwrap_err();
    assert_eq!((r.id.clone(), r.code), (json!("req-8"), "bad_message"));
    says(&r, "nested", "嵌套");
    let long = format!(r#"{{"troika":1,"id":"{}"}}"#, "x".repeat(65));
    let r = protocol::read_message(None, Some(&long), &june).unwrap_err();
    assert_eq!(r.id, Value::Null);
}

#[test]
fn good_requests_become_actions() {
    let june = presets::june();
    let read = |s: &str| protocol::read(Some(s), &june).unwrap();
    let r = read("{\"troika\":1,\"type\":\"setLever\",\"id\":7,\"path\":\"channels.search.spend_cny\",\"value\":400000}");
    assert_eq!(r.id, json!(7));
    let expected = levers::set(&june, "channels.search.spend_cny", 400000.0).unwrap();
    assert_eq!(r.action, Action::SetLever(expected));
    let plan = troika::codec::plan_to_value(&presets::get("roi-fear").unwrap().plan);
    let r = read(&json!({ "troika": 1, "type": "setPlan", "plan": plan }).to_string());
    assert_eq!(r.id, Value::Null);
    assert_eq!(
        r.action,
        Action::SetPlan(presets::get("roi-fear").unwrap().plan.clone())
    );
    assert_eq!(
        read("{\"troika\":1,\"type\":\"getProjection\",\"id\":\"p\"}").action,
        Action::GetProjection
    );
    assert_eq!(
        read("{\"troika\":1,\"type\":\"getPlan\"}").action,
        Action::GetPlan
    );
}

#[test]
fn messages_have_the_documented_shape() {
    let (f, _) = flags::read("origins=https://h.example.com&title=T");
    let mut ready = Envelope::new("ready");
    ready.version = Some("0.1.0");
    let shown = Shown::new(&f, Lang::Zh, vec!["operations.new_aov_cny".into()]);
    ready.flags = Some(&shown);
    let v = serde_json::to_value(&ready).unwrap();
    assert_eq!(v["troika"], 1);
    assert_eq!(v["type"], "ready");
    assert_eq!(v["flags"]["lang"], "zh");
    assert_eq!(v["flags"]["origins"], json!(["https://h.example.com"]));
    assert_eq!(v["flags"]["title"], "T");
    assert!(v.get("id").is_none() && v.get("source").is_none());
    let id = json!(9);
    let mut reply = Envelope::new("projection");
    reply.id = Some(&id);
    let v = serde_json::to_value(&reply).unwrap();
    assert_eq!(v, json!({ "troika": 1, "type": "projection", "id": 9 }));
}

#[test]
fn the_builder_form_escapes_names_and_reads_back_through_the_flag_reader() {
    use troika::ui::embed::form;
    let mut plan = presets::june();
    plan.channels[0].name = "<img src=x onerror=alert(1)> & co".into();
    for lang in [Lang::En, Lang::Zh] {
        let html = form::dialog_html(lang, &plan);
        assert!(!html.contains("<img"), "a channel's name is text");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; co"));
        assert!(html.contains("name=\"levers\" value=\"channels.search.spend_cny\" checked"));
        assert!(html.contains("name=\"charts\" value=\"channels\" checked"));
        assert!(
            html.contains("data-action=\"copy-iframe\"") && html.contains("data-action=\"close\"")
        );
    }
    let defaults = form::default_paths(&plan);
    // The default sliders, in the checkboxes' order, are the default: no flag.
    let mut shuffled = defaults.clone();
    shuffled.reverse();
    let ticked = "charts=channels&kpis=revenue,orders,ad_spend,roas_lifetime";
    let fields = format!("lang=auto&{ticked}&levers={}", shuffled.join(","));
    let (query, problems) = form::read(&fields, &defaults);
    assert_eq!((query.as_str(), problems.len()), ("", 0));
    let fields =
        format!("lang=zh&{ticked}&levers=operations.new_aov_cny&months=6&origins=ftp%3A%2F%2Fx");
    let (query, problems) = form::read(&fields, &defaults);
    assert_eq!(query, "lang=zh&levers=operations.new_aov_cny&months=6");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].flag, "origins");
    // Nothing ticked among the charts, the figures or the sliders: the default, and the builder
    // says so.
    let (query, problems) = form::read("lang=en", &defaults);
    assert_eq!(query, "lang=en");
    let named: Vec<_> = problems.iter().map(|p| p.flag.as_str()).collect();
    assert_eq!(named, ["charts", "kpis", "levers"]);
    let (_, problems) = form::read("readonly=1", &defaults);
    let named: Vec<_> = problems.iter().map(|p| p.flag.as_str()).collect();
    assert_eq!(
        named,
        ["charts", "kpis"],
        "read-only, the widget has no sliders to miss"
    );
    // The plain iframe's height is the preview's, with room to spare; before its first report,
    // the default widget's.
    assert_eq!(form::iframe_height(0), form::IFRAME_HEIGHT);
    assert_eq!(form::iframe_height(2242), 2260);
    assert_eq!(form::iframe_height(724), 740);
}

#[test]
fn an_item_listed_twice_is_named_alone() {
    let long = "channels.search.spend_cny,operations.new_aov_cny,channels.search.spend_cny";
    for (query, flag, item) in [
        ("charts=channels,funnel,channels", "charts", "channels"),
        ("kpis=revenue,%20revenue", "kpis", "revenue"),
        (
            &format!("levers={long}") as &str,
            "levers",
            "channels.search.spend_cny",
        ),
    ] {
        let (f, problems) = flags::read(query);
        assert_eq!(problems.len(), 1, "{query}: {problems:?}");
        let p = &problems[0];
        assert_eq!(
            (p.flag.as_str(), p.given.as_str(), p.fault),
            (flag, item, Fault::Twice)
        );
        let en = p.message(Lang::En);
        assert!(
            en.starts_with(&format!("{flag}: “\u{2068}{item}\u{2069}” is listed twice")),
            "{en}"
        );
        assert!(p.message(Lang::Zh).contains("列了两次"), "{query}");
        assert_eq!(f, Flags::default(), "{query}");
    }
}

#[test]
fn the_embed_texts_are_in_both_languages() {
    for [en, zh] in troika::ui::embed::texts::ALL {
        assert!(!en.is_empty() && !zh.is_empty());
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
    }
}

#[test]
fn origins_are_written_as_browsers_write_them() {
    let (f, problems) = flags::read(
        "origins=HTTPS://Intranet.Example.com:443/,http://127.0.0.1:80,http://h.example.com:8080/",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        f.origins,
        Origins::List(vec![
            "https://intranet.example.com".into(),
            "http://127.0.0.1".into(),
            "http://h.example.com:8080".into()
        ])
    );
}

/// A link from a newer version (its plan, and a preset this build does not have) opens its plan
/// without the preset, and says why the preset is left out.
#[test]
fn a_plan_whose_preset_is_unknown_opens_without_it() {
    let mut shared = presets::get("roi-fear").unwrap().plan.clone();
    shared.name = "Shared".into();
    let fragment = format!("#{}&preset=nope", troika::codec::plan_to_fragment(&shared));
    let (plan, preset, errors) = flags::starting_plan(&Flags::default(), &fragment);
    assert_eq!((plan, preset), (shared, None));
    let errors = errors.expect("the unknown preset is said");
    assert_eq!(errors.len(), 1);
    assert!(errors.at("preset").is_some());
}

#[test]
fn an_unknown_preset_in_the_fragment_is_said() {
    let (plan, preset, errors) = flags::starting_plan(&Flags::default(), "#preset=nope");
    assert_eq!((plan, preset.as_deref()), (presets::june(), Some("june")));
    let errors = errors.expect("an unknown preset is an error");
    let e = errors.iter().next().unwrap();
    assert_eq!(e.path, "preset");
    assert!(e.message(Lang::En).contains("roi-fear"));
}
