//! The widget's URL flags (`embed.html?lang=zh&levers=…`, documented in `docs/embed.md`): read
//! from the query string and checked one by one. A bad flag becomes a [`FlagProblem`] that names
//! the flag and its allowed values, and the flag takes its default; nothing here panics on any
//! input. Pure: tested natively.

use crate::charts;
use crate::codec;
use crate::model::Projection;
use crate::plan::levers::{self, Lever};
use crate::plan::{Lang, Plan, PlanErrors, MAX_MONTHS};
use crate::presets;
use crate::ui::i18n::Msg;
use crate::ui::report::escape;

/// The flags, in the order `docs/embed.md` lists them.
pub const NAMES: [&str; 10] = [
    "preset", "lang", "theme", "levers", "charts", "kpis", "readonly", "months", "title", "origins",
];

/// The charts a widget can show, by flag id, in the planner's order.
pub const CHARTS: [&str; 5] = ["channels", "carriages", "new-returning", "spend", "funnel"];

/// A chart by its flag id: title, figure and test id.
pub fn chart(id: &str) -> (Msg, fn(&Projection) -> charts::ChartData, &'static str) {
    match id {
        "carriages" => (
            Msg::ChartByCarriage,
            charts::revenue_by_carriage,
            "chart-carriages",
        ),
        "new-returning" => (
            Msg::ChartNewReturning,
            charts::revenue_new_vs_returning,
            "chart-new-returning",
        ),
        "spend" => (Msg::ChartSpend, charts::spend_vs_revenue, "chart-spend"),
        "funnel" => (Msg::ChartFunnel, charts::funnel, "chart-funnel"),
        _ => (
            Msg::ChartByChannel,
            charts::revenue_by_channel,
            "chart-channels",
        ),
    }
}

/// The KPI cards a widget can show (the planner's, [`crate::ui::kpi::IDS`]).
pub const KPIS: [&str; 10] = crate::ui::kpi::IDS;

/// KPI cards shown when the flag is left out.
pub const DEFAULT_KPIS: [&str; 4] = ["revenue", "orders", "ad_spend", "roas_lifetime"];

/// At most this many sliders, by flag.
pub const MAX_LEVERS: usize = 8;
/// At most this many allowed origins.
pub const MAX_ORIGINS: usize = 8;
/// The longest title, in characters.
pub const MAX_TITLE: usize = 80;

/// The widget's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangFlag {
    /// 中文.
    Zh,
    /// English.
    En,
    /// The reader's browser language.
    Auto,
}

/// The widget's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Dark ink on white.
    Light,
    /// Light ink on a dark ground.
    Dark,
    /// The reader's `prefers-color-scheme`.
    Auto,
}

impl Theme {
    /// The value of the page's `data-theme` attribute.
    pub fn id(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Who may talk to the widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origins {
    /// The widget's own origin only (the default).
    Own,
    /// Any origin (`origins=*`).
    Any,
    /// These origins (`https://intranet.example.com`).
    List(Vec<String>),
}

/// The flags in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Flags {
    /// A preset id, when given (a plan in the fragment wins over it).
    pub preset: Option<String>,
    /// The language.
    pub lang: LangFlag,
    /// The colours.
    pub theme: Theme,
    /// Lever paths asked for; `None` for the plan's default sliders. Checked against the plan by
    /// [`sliders`].
    pub levers: Option<Vec<String>>,
    /// Charts, in order ([`CHARTS`] ids).
    pub charts: Vec<&'static str>,
    /// KPI cards, in order ([`KPIS`] ids).
    pub kpis: Vec<&'static str>,
    /// No inputs at all.
    pub readonly: bool,
    /// The horizon shown, when given.
    pub months: Option<usize>,
    /// A title shown above the figures, as text.
    pub title: Option<String>,
    /// Who may talk to the widget.
    pub origins: Origins,
}

impl Default for Flags {
    fn default() -> Flags {
        Flags {
            preset: None,
            lang: LangFlag::Auto,
            theme: Theme::Auto,
            levers: None,
            charts: vec![CHARTS[0]],
            kpis: DEFAULT_KPIS.to_vec(),
            readonly: false,
            months: None,
            title: None,
            origins: Origins::Own,
        }
    }
}

/// What is wrong with one flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A value the flag does not take.
    Value,
    /// A flag that does not exist.
    Unknown,
    /// The flag given twice.
    Repeated,
    /// A value that is not URL-encoded text: a `%` without two hex digits after it, or bytes
    /// that are not UTF-8.
    Encoding,
    /// A title holding control characters (a line break, a tab).
    Controls,
    /// More than the flag takes: this many sliders' paths, origins, or a title's characters.
    TooMany(usize),
    /// An item of a list (`given`) listed twice.
    Twice,
}

/// A bad flag: shown inside the widget, which goes on with the flag's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagProblem {
    /// The flag's name as given.
    pub flag: String,
    /// The value given (cut to 40 characters).
    pub given: String,
    /// What is wrong.
    pub fault: Fault,
    /// The values the flag takes (for an unknown flag: the flags).
    pub allowed: String,
    /// The default it takes instead.
    pub default: &'static str,
}

impl FlagProblem {
    /// The problem with `flag`, given `given`.
    pub fn new(flag: &str, given: &str, fault: Fault) -> FlagProblem {
        let (allowed, default) = match flag {
            "preset" => (presets::IDS.join(", "), "june"),
            "lang" => ("zh, en, auto".into(), "auto"),
            "theme" => ("light, dark, auto".into(), "auto"),
            "levers" => (
                format!("channels.search.spend_cny, operations.new_aov_cny, …, ≤ {MAX_LEVERS}"),
                "",
            ),
            "charts" => (CHARTS.join(", "), "channels"),
            "kpis" => (KPIS.join(", "), "revenue,orders,ad_spend,roas_lifetime"),
            "readonly" => ("1, 0, true, false".into(), "0"),
            "months" => (format!("1–{MAX_MONTHS}"), ""),
            "title" => (format!("≤ {MAX_TITLE}"), ""),
            "origins" => (
                format!("*, https://intranet.example.com, …, ≤ {MAX_ORIGINS}"),
                "",
            ),
            _ => (NAMES.join(", "), ""),
        };
        FlagProblem {
            flag: cut(flag, 24),
            given: cut(given, 40),
            fault,
            allowed,
            default,
        }
    }

    /// The notice's line, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let (flag, allowed) = (&self.flag, &self.allowed);
        // The value as given, its controls shown as � and isolated (U+2068…U+2069), so that a
        // right-to-left mark in it cannot turn the rest of the sentence round.
        let given: String = self
            .given
            .chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        let given = format!("\u{2068}{given}\u{2069}");
        let default = match (self.default, lang) {
            ("", Lang::Zh) => "默认值",
            ("", Lang::En) => "the default",
            (d, _) => d,
        };
        match (self.fault, lang) {
            (Fault::Unknown, Lang::En) => format!("“{flag}” is not a flag; flags: {allowed}."),
            (Fault::Unknown, Lang::Zh) => format!("“{flag}”不是可用的参数；参数：{allowed}。"),
            (Fault::Repeated, Lang::En) => {
                format!("{flag}: given more than once; using {default}.")
            }
            (Fault::Repeated, Lang::Zh) => format!("{flag}：给了不止一次，已改用{default}。"),
            (Fault::Value, Lang::En) => {
                format!("{flag}: “{given}” is not allowed (allowed: {allowed}); using {default}.")
            }
            (Fault::Twice, Lang::En) => {
                format!("{flag}: “{given}” is listed twice (each at most once); using {default}.")
            }
            (Fault::Twice, Lang::Zh) => {
                format!("{flag}：“{given}”列了两次（每项至多一次），已改用{default}。")
            }
            (Fault::Value, Lang::Zh) => {
                format!("{flag}：“{given}”不可用（可用：{allowed}），已改用{default}。")
            }
            (Fault::Encoding, Lang::En) => format!(
                "{flag}: “{given}” is not URL-encoded text (each % needs two hex digits, of \
                 UTF-8); allowed: {allowed}; using {default}."
            ),
            (Fault::Controls, Lang::En) => format!(
                "{flag}: “{given}” holds control characters (line breaks, tabs); allowed: \
                 {allowed} characters of text; using {default}."
            ),
            (Fault::Controls, Lang::Zh) => format!(
                "{flag}：“{given}”含有控制字符（换行、制表符等），可用：{allowed} 个字符的文字，已改用{default}。"
            ),
            (Fault::Encoding, Lang::Zh) => format!(
                "{flag}：“{given}”不是有效的 URL 编码（每个 % 后须跟两位十六进制数字，且为 \
                 UTF-8），可用：{allowed}，已改用{default}。"
            ),
            (Fault::TooMany(n), lang) => {
                let (en, zh) = match flag.as_str() {
                    "title" => ("characters", "个字符"),
                    "origins" => ("origins", "个来源"),
                    _ => ("paths", "个路径"),
                };
                match lang {
                    Lang::En => format!(
                        "{flag}: “{given}” has {n} {en}, too many (allowed: {allowed}); using \
                         {default}."
                    ),
                    Lang::Zh => format!(
                        "{flag}：“{given}”有 {n} {zh}，太多了（可用：{allowed}），已改用{default}。"
                    ),
                }
            }
        }
    }
}

/// At most `n` characters of `s`.
fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Decodes one URL-encoded query component (`%E9%94%80`, `+` for a space); `None` when it is not
/// valid percent-encoded UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                let hi = hex(*bytes.get(i + 1)?)?;
                let lo = hex(*bytes.get(i + 2)?)?;
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Comma-separated ids, each one of `allowed`, none repeated, at least one.
fn id_list(value: &str, allowed: &[&'static str]) -> Option<Vec<&'static str>> {
    let mut out: Vec<&'static str> = Vec::new();
    for part in value.split(',').map(str::trim) {
        let id = allowed.iter().find(|a| **a == part)?;
        if out.contains(id) {
            return None;
        }
        out.push(id);
    }
    Some(out)
}

/// An origin as a browser writes it in `event.origin`: lower case, no trailing `/`, no default
/// port (`HTTPS://Intranet.example.com:443/` is `https://intranet.example.com`).
fn normal_origin(o: &str) -> String {
    let o = o.trim().trim_end_matches('/').to_ascii_lowercase();
    match (o.strip_suffix(":443"), o.strip_suffix(":80")) {
        (Some(base), _) if base.starts_with("https://") => base.to_string(),
        (_, Some(base)) if base.starts_with("http://") => base.to_string(),
        _ => o,
    }
}

/// An origin as a browser writes it: `http(s)://host[:port]`, lower case, no path.
fn is_origin(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && r.len() <= 253
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-:[]".contains(&b))
    })
}

/// Reads the query string (with or without its `?`): the flags in effect and the problems met.
pub fn read(query: &str) -> (Flags, Vec<FlagProblem>) {
    let mut flags = Flags::default();
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for pair in query.trim_start_matches('?').split('&') {
        if pair.is_empty() {
            continue;
        }
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(raw_name).unwrap_or_else(|| raw_name.to_string());
        let Some(known) = NAMES.iter().find(|n| **n == name) else {
            problems.push(FlagProblem::new(&name, "", Fault::Unknown));
            continue;
        };
        if seen.contains(known) {
            problems.push(FlagProblem::new(known, "", Fault::Repeated));
            // The first value is dropped too: neither is taken.
            let fresh = Flags::default();
            match *known {
                "preset" => flags.preset = fresh.preset,
                "lang" => flags.lang = fresh.lang,
                "theme" => flags.theme = fresh.theme,
                "levers" => flags.levers = fresh.levers,
                "charts" => flags.charts = fresh.charts,
                "kpis" => flags.kpis = fresh.kpis,
                "readonly" => flags.readonly = fresh.readonly,
                "months" => flags.months = fresh.months,
                "title" => flags.title = fresh.title,
                _ => flags.origins = fresh.origins,
            }
            continue;
        }
        seen.push(known);
        let Some(value) = decode(raw_value) else {
            problems.push(FlagProblem::new(known, raw_value, Fault::Encoding));
            continue;
        };
        let v = value.trim();
        if *known == "title" && v.chars().any(char::is_control) {
            problems.push(FlagProblem::new(known, &value, Fault::Controls));
            continue;
        }
        // What is wrong when the value is refused: one the flag does not take, unless set below.
        let mut fault = Fault::Value;
        // A list's item given twice is named alone: the whole list, cut short, would hide it.
        let twice = match *known {
            "levers" | "charts" | "kpis" => {
                let items: Vec<&str> = v.split(',').map(str::trim).collect();
                let twice = (1..items.len()).find(|&i| items[..i].contains(&items[i]));
                twice.map(|i| items[i].to_string())
            }
            _ => None,
        };
        if twice.is_some() {
            fault = Fault::Twice;
        }
        let ok = match *known {
            "preset" => presets::get(v)
                .map(|p| flags.preset = Some(p.id.to_string()))
                .is_some(),
            "lang" => match v {
                "zh" => Some(LangFlag::Zh),
                "en" => Some(LangFlag::En),
                "auto" => Some(LangFlag::Auto),
                _ => None,
            }
            .map(|l| flags.lang = l)
            .is_some(),
            "theme" => match v {
                "light" => Some(Theme::Light),
                "dark" => Some(Theme::Dark),
                "auto" => Some(Theme::Auto),
                _ => None,
            }
            .map(|t| flags.theme = t)
            .is_some(),
            "levers" => {
                let paths: Vec<String> = v.split(',').map(|p| p.trim().to_string()).collect();
                if paths.len() > MAX_LEVERS {
                    fault = Fault::TooMany(paths.len());
                }
                let fine = paths.len() <= MAX_LEVERS
                    && paths.iter().all(|p| {
                        !p.is_empty()
                            && p.len() <= 96
                            && p.bytes().all(|b| {
                                b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
                            })
                    })
                    && paths
                        .iter()
                        .enumerate()
                        .all(|(i, p)| !paths[..i].contains(p));
                if fine {
                    flags.levers = Some(paths);
                }
                fine
            }
            "charts" => id_list(v, &CHARTS).map(|c| flags.charts = c).is_some(),
            "kpis" => id_list(v, &KPIS).map(|k| flags.kpis = k).is_some(),
            "readonly" => match v {
                "" | "1" | "true" => Some(true),
                "0" | "false" => Some(false),
                _ => None,
            }
            .map(|r| flags.readonly = r)
            .is_some(),
            "months" => v
                .parse::<usize>()
                .ok()
                .filter(|m| (1..=MAX_MONTHS).contains(m))
                .map(|m| flags.months = Some(m))
                .is_some(),
            "title" => {
                let count = v.chars().count();
                if count > MAX_TITLE {
                    fault = Fault::TooMany(count);
                }
                let fine = count <= MAX_TITLE;
                if fine && !v.is_empty() {
                    flags.title = Some(v.to_string());
                }
                fine
            }
            _ => {
                if v == "*" {
                    flags.origins = Origins::Any;
                    true
                } else {
                    let list: Vec<String> = v.split(',').map(normal_origin).collect();
                    if list.len() > MAX_ORIGINS {
                        fault = Fault::TooMany(list.len());
                    }
                    let fine = list.len() <= MAX_ORIGINS && list.iter().all(|o| is_origin(o));
                    if fine {
                        flags.origins = Origins::List(list);
                    }
                    fine
                }
            }
        };
        if !ok {
            let given = match (fault, &twice) {
                (Fault::Twice, Some(item)) => item.as_str(),
                _ => &value,
            };
            problems.push(FlagProblem::new(known, given, fault));
        }
    }
    (flags, problems)
}

/// The plan the widget starts with: a plan in the fragment (as share links carry it), else the
/// fragment's preset, else the `preset` flag, else June; cut or extended to `months` when given.
/// A fragment that does not read gives its errors beside June's plan. Returns the plan, its
/// preset and the errors.
pub fn starting_plan(flags: &Flags, fragment: &str) -> (Plan, Option<String>, Option<PlanErrors>) {
    // A preset this build does not have is said (as the planner says it): a plan in the
    // fragment still opens without it, a preset alone gives June.
    let unknown = presets::unknown_in_fragment(fragment);
    if unknown.is_some() && !codec::fragment_has_plan(fragment) {
        return (presets::june(), Some("june".to_string()), unknown);
    }
    let fragment_preset = codec::preset_in_fragment(fragment)
        .and_then(presets::get)
        .map(|p| p.id.to_string());
    let (plan, preset, errors) = if codec::fragment_has_plan(fragment) {
        match codec::plan_from_fragment(fragment) {
            Ok(plan) => (plan, fragment_preset, unknown),
            Err(e) => (presets::june(), Some("june".to_string()), Some(e)),
        }
    } else {
        let id = fragment_preset
            .or_else(|| flags.preset.clone())
            .unwrap_or_else(|| "june".to_string());
        match presets::get(&id) {
            Some(p) => (p.plan.clone(), Some(id), None),
            None => (presets::june(), Some("june".to_string()), None),
        }
    };
    match flags.months {
        Some(m) if m != plan.horizon_months => (plan.with_horizon(m), preset, errors),
        _ => (plan, preset, errors),
    }
}

/// The sliders shown by default: the first two paid channels' spend, then conversion uplift,
/// new-buyer AOV, first-repurchase and repeat-purchase rates (those the plan has).
pub fn default_levers(plan: &Plan) -> Vec<Lever> {
    let all = levers::levers(plan);
    let spends = all
        .iter()
        .filter(|l| l.path.starts_with("channels.") && l.path.ends_with(".spend_cny"))
        .take(2);
    let rest = [
        "operations.conversion_multiplier",
        "operations.new_aov_cny",
        "membership.first_repurchase_rate",
        "membership.repeat_purchase_rate",
    ]
    .into_iter()
    .filter_map(|p| all.iter().find(|l| l.path == p));
    spends.chain(rest).take(6).cloned().collect()
}

/// The sliders the flags ask for, checked against the plan's levers: an unknown path is a
/// problem with `levers`, and the plan's default sliders are shown instead.
pub fn sliders(flags: &Flags, plan: &Plan) -> (Vec<Lever>, Option<FlagProblem>) {
    let Some(paths) = &flags.levers else {
        return (default_levers(plan), None);
    };
    let all = levers::levers(plan);
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        match all.iter().find(|l| &l.path == p) {
            Some(l) => out.push(l.clone()),
            None => {
                let mut problem = FlagProblem::new("levers", p, Fault::Value);
                problem.allowed = closest_levers(p, &all);
                return (default_levers(plan), Some(problem));
            }
        }
    }
    (out, None)
}

/// At most this many lever paths in a `levers` problem: a plan has dozens, and a notice
/// listing them all pushed the widget's own figures off a phone's screen.
const LEVER_HINTS: usize = 6;

/// The plan's lever paths closest to `given`, for its problem: those ending as it does
/// (`….spend_cny`) first, then by how much of its start they share, in plan order otherwise;
/// [`LEVER_HINTS`] of them, and "…" when there are more (the embed builder lists every one).
fn closest_levers(given: &str, all: &[Lever]) -> String {
    let last = |path: &str| path.rsplit('.').next().unwrap_or("").to_string();
    let shared = |path: &str| {
        path.chars()
            .zip(given.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut ranked: Vec<&str> = all.iter().map(|l| l.path.as_str()).collect();
    ranked.sort_by_key(|p| (last(p) != last(given), std::cmp::Reverse(shared(p))));
    let mut out = ranked
        .iter()
        .take(LEVER_HINTS)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ranked.len() > LEVER_HINTS {
        out.push_str(", …");
    }
    out
}

/// The query string (without `?`) that gives `flags`, leaving out every flag at its default:
/// what "Embed this plan" writes. [`read`] reads it back to the same flags.
pub fn to_query(flags: &Flags, levers: Option<&[String]>) -> String {
    let fresh = Flags::default();
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = &flags.preset {
        parts.push(format!("preset={p}"));
    }
    match flags.lang {
        LangFlag::Zh => parts.push("lang=zh".into()),
        LangFlag::En => parts.push("lang=en".into()),
        LangFlag::Auto => {}
    }
    if flags.theme != Theme::Auto {
        parts.push(format!("theme={}", flags.theme.id()));
    }
    if let Some(l) = levers {
        parts.push(format!("levers={}", l.join(",")));
    }
    if flags.charts != fresh.charts {
        parts.push(format!("charts={}", flags.charts.join(",")));
    }
    if flags.kpis != fresh.kpis {
        parts.push(format!("kpis={}", flags.kpis.join(",")));
    }
    if flags.readonly {
        parts.push("readonly=1".into());
    }
    if let Some(m) = flags.months {
        parts.push(format!("months={m}"));
    }
    if let Some(t) = &flags.title {
        parts.push(format!("title={}", encode(t)));
    }
    match &flags.origins {
        Origins::Own => {}
        Origins::Any => parts.push("origins=*".into()),
        Origins::List(l) => parts.push(format!("origins={}", encode(&l.join(",")))),
    }
    parts.join("&")
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The widget's address beside the planner's (`https://…/troika/index.html#…` gives
/// `https://…/troika/embed.html`).
pub fn embed_url(page_url: &str) -> String {
    let end = page_url.find(['?', '#']).unwrap_or(page_url.len());
    let page = &page_url[..end];
    match page.rfind('/') {
        Some(i) => format!("{}embed.html", &page[..=i]),
        None => "embed.html".to_string(),
    }
}

/// The two snippets for a host page, given the widget's address (`https://…/embed.html`), the
/// query and the fragment (`plan=…`): a plain iframe, and the host script with its `div`.
pub fn snippets(embed_url: &str, query: &str, fragment: &str, height: u32) -> (String, String) {
    let q = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let f = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    let iframe = format!(
        "<iframe src=\"{}\" title=\"Troika\" style=\"width:100%;height:{height}px;border:0\" sandbox=\"allow-scripts allow-same-origin allow-downloads\" allow=\"clipboard-write\"></iframe>",
        escape(&format!("{embed_url}{q}{f}"))
    );
    let script_url = match embed_url.rfind('/') {
        Some(i) => format!("{}troika-embed.js", &embed_url[..=i]),
        None => "troika-embed.js".to_string(),
    };
    let mut attrs = String::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "origins" {
            // The host script allows its own page's origin.
            continue;
        }
        let v = decode(v).unwrap_or_default();
        attrs.push_str(&format!(" data-{k}=\"{}\"", escape(&v)));
    }
    if !fragment.is_empty() {
        attrs.push_str(&format!(" data-plan=\"{}\"", escape(fragment)));
    }
    let script = format!(
        "<script src=\"{}\" defer></script>\n<div data-troika{attrs}></div>",
        escape(&script_url)
    );
    (iframe, script)
}
