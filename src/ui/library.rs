//! The scenario library: plans the user keeps under names ("base", "双11 push", "CPC +20%"),
//! beside the autosaved plan on screen. Pure: the operations, the names' rules and the library
//! file; the page keeps the library in local storage (one key, [`KEY`]) and says so when the
//! browser will not keep it.
//!
//! Local storage rather than IndexedDB: a library is at most [`MAX_SCENARIOS`] plans of a few
//! kilobytes, well inside the smallest quota (5 MB), and the synchronous API lets a failed write
//! be told at once, with nothing on screen lost; IndexedDB would add an asynchronous layer and
//! its bindings to the page for no gain at this size.

use serde_json::Value;

use crate::codec;
use crate::plan::{Plan, PlanError, PlanErrors, Problem};
use crate::presets;

/// Where the library is kept in local storage.
pub const KEY: &str = "troika.library.v1";
/// Where a stored library that could not be read is kept.
pub const UNREADABLE_KEY: &str = "troika.library.unreadable";
/// Most scenarios a library holds.
pub const MAX_SCENARIOS: usize = 50;
/// Most characters in a name.
pub const MAX_NAME: usize = 60;
/// The library file's format tag and version.
pub const FORMAT: &str = "troika_library";

/// A plan kept under a name, which is also the plan's own name (what its report is titled).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Its name: text, shown as text.
    pub name: String,
    /// When it was last saved or renamed, in milliseconds since 1970 (the browser's clock).
    pub edited: f64,
    /// The preset the plan came from, if any.
    pub preset: Option<String>,
    /// The plan.
    pub plan: Plan,
}

/// Why a library operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The name is empty (or only spaces).
    EmptyName,
    /// The name is longer than [`MAX_NAME`].
    LongName,
    /// Another scenario has that name.
    Taken,
    /// The library already holds [`MAX_SCENARIOS`].
    Full,
}

/// What a save does ([`Library::save_kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    /// Adds a scenario.
    New,
    /// Updates the scenario the plan on screen came from.
    Update,
    /// Replaces another scenario of that name: only once the user says so.
    ReplaceOther,
}

/// The scenarios, in the order they were first saved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Library(pub Vec<Scenario>);

/// A name as kept: trimmed, control characters dropped; refused if empty or too long.
pub fn clean_name(name: &str) -> Result<String, Refusal> {
    let name: String = name.trim().chars().filter(|c| !c.is_control()).collect();
    if name.is_empty() {
        Err(Refusal::EmptyName)
    } else if name.chars().count() > MAX_NAME {
        Err(Refusal::LongName)
    } else {
        Ok(name)
    }
}

impl Library {
    /// The index of the scenario named `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|s| s.name == name)
    }

    /// `base` if free, else `base (2)`, `base (3)`, … (cut to fit [`MAX_NAME`]).
    pub fn free_name(&self, base: &str) -> String {
        if self.find(base).is_none() {
            return base.to_string();
        }
        let base: String = base.chars().take(MAX_NAME - 5).collect();
        (2..)
            .map(|n| format!("{base} ({n})"))
            .find(|n| self.find(n).is_none())
            .unwrap_or(base)
    }

    /// The name the save field offers for the plan on screen, named `plan_name`: the scenario it
    /// was opened from or last saved as (`on_screen`), so that Save updates it; otherwise its own
    /// name made free (`June plan (2)`), so that Save never replaces a scenario unasked.
    pub fn name_to_save(&self, plan_name: &str, on_screen: Option<&str>) -> String {
        match on_screen {
            Some(name) => name.to_string(),
            None => self.free_name(plan_name.trim()),
        }
    }

    /// What saving the plan on screen under `name` would do, when the plan was opened from or
    /// last saved as `on_screen` (`None`: a case, a link or a file): add a scenario, update its
    /// own, or replace another, which the page asks about first.
    pub fn save_kind(&self, name: &str, on_screen: Option<&str>) -> Result<SaveKind, Refusal> {
        let name = clean_name(name)?;
        Ok(match self.find(&name) {
            None => SaveKind::New,
            Some(_) if on_screen == Some(name.as_str()) => SaveKind::Update,
            Some(_) => SaveKind::ReplaceOther,
        })
    }

    /// Saves `plan` under `name`: replaces the scenario of that name, or adds one. Returns its
    /// index.
    pub fn save(
        &mut self,
        name: &str,
        plan: Plan,
        preset: Option<String>,
        now: f64,
    ) -> Result<usize, Refusal> {
        let name = clean_name(name)?;
        let mut plan = plan;
        plan.name = name.clone();
        let scenario = Scenario {
            name,
            edited: now,
            preset,
            plan,
        };
        match self.find(&scenario.name) {
            Some(i) => {
                self.0[i] = scenario;
                Ok(i)
            }
            None if self.0.len() >= MAX_SCENARIOS => Err(Refusal::Full),
            None => {
                self.0.push(scenario);
                Ok(self.0.len() - 1)
            }
        }
    }

    /// Renames scenario `i`; refused if another has the name.
    pub fn rename(&mut self, i: usize, name: &str, now: f64) -> Result<(), Refusal> {
        let name = clean_name(name)?;
        if self.find(&name).is_some_and(|j| j != i) {
            return Err(Refusal::Taken);
        }
        if let Some(s) = self.0.get_mut(i) {
            if s.name != name {
                s.plan.name = name.clone();
                s.name = name;
                s.edited = now;
            }
        }
        Ok(())
    }

    /// Copies scenario `i` under a free name made from its own (`base (2)`), right after it.
    pub fn duplicate(&mut self, i: usize, now: f64) -> Result<usize, Refusal> {
        if self.0.len() >= MAX_SCENARIOS {
            return Err(Refusal::Full);
        }
        let Some(s) = self.0.get(i) else {
            return Err(Refusal::EmptyName);
        };
        let mut copy = Scenario {
            name: self.free_name(&s.name),
            edited: now,
            ..s.clone()
        };
        copy.plan.name = copy.name.clone();
        self.0.insert(i + 1, copy);
        Ok(i + 1)
    }

    /// Adds every scenario of `other`, renaming those whose name is taken; refused, with nothing
    /// added, if they would not fit. Returns how many were added.
    pub fn merge(&mut self, other: Library) -> Result<usize, Refusal> {
        if self.0.len() + other.0.len() > MAX_SCENARIOS {
            return Err(Refusal::Full);
        }
        let n = other.0.len();
        for mut s in other.0 {
            s.name = self.free_name(&s.name);
            s.plan.name = s.name.clone();
            self.0.push(s);
        }
        Ok(n)
    }

    /// The library as its file (and as kept in storage):
    /// `{"troika_library": 1, "scenarios": [{"name", "edited", "preset", "plan"}]}`.
    pub fn to_json(&self) -> String {
        // Written by hand around the plan's own JSON: no second serializer in the page.
        let text = |t: &str| serde_json::to_string(t).unwrap_or_default();
        let mut out = format!("{{\"{FORMAT}\":1,\"scenarios\":[");
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let edited = if s.edited.is_finite() { s.edited } else { 0.0 };
            let preset = s.preset.as_deref().map_or("null".into(), text);
            out.push_str(&format!(
                "{{\"name\":{},\"edited\":{edited},\"preset\":{preset},\"plan\":{}}}",
                text(&s.name),
                codec::plan_to_json(&s.plan)
            ));
        }
        out.push_str("]}");
        out
    }

    /// Reads a library file, checking every plan in it and every name. A plan file alone is
    /// taken as a library of one scenario named after the plan.
    pub fn from_json(text: &str) -> Result<Library, PlanErrors> {
        let (library, errors) = Library::from_json_partly(text)?;
        if errors.is_empty() {
            Ok(library)
        } else {
            Err(PlanErrors(errors))
        }
    }

    /// Reads a library as [`Library::from_json`] does, keeping the scenarios that read: returns
    /// them with the problems of those that did not (none when every one read). Refused whole
    /// only when the text is no library at all (not JSON, too large, too many scenarios). The
    /// library as stored: one scenario a newer version wrote does not hide the others.
    pub fn from_json_partly(text: &str) -> Result<(Library, Vec<PlanError>), PlanErrors> {
        let not_library = || PlanErrors::from(PlanError::new("", None, Problem::NotAPlan));
        if text.len() > 8 * codec::MAX_DOCUMENT_BYTES {
            let max_bytes = 8 * codec::MAX_DOCUMENT_BYTES;
            return Err(PlanError::new("", None, Problem::TooLarge { max_bytes }).into());
        }
        let value: Value =
            serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|_| not_library())?;
        let Some(list) = value.get("scenarios").and_then(Value::as_array) else {
            // A plan file on its own.
            if value.get("channels").is_some() {
                let plan = codec::plan_from_value(&value)?;
                // A plan's name may be longer than a scenario's: its start is kept.
                let start: String = plan.name.trim().chars().take(MAX_NAME).collect();
                let name = clean_name(&start).unwrap_or_else(|_| "1".into());
                let one = Scenario {
                    name,
                    edited: 0.0,
                    preset: None,
                    plan,
                };
                return Ok((Library(vec![one]), Vec::new()));
            }
            return Err(not_library());
        };
        if list.len() > MAX_SCENARIOS {
            let problem = Problem::TooMany { max: MAX_SCENARIOS };
            return Err(PlanError::new("scenarios", None, problem).into());
        }
        let mut errors = Vec::new();
        let mut library = Library::default();
        for (i, item) in list.iter().enumerate() {
            let name = item.get("name").and_then(Value::as_str).unwrap_or("");
            let name = match clean_name(name) {
                Ok(n) => n,
                Err(refusal) => {
                    let problem = match refusal {
                        Refusal::LongName => Problem::TooLong { max: MAX_NAME },
                        _ => Problem::Missing,
                    };
                    errors.push(PlanError::new(
                        format!("scenarios[{i}].name"),
                        None,
                        problem,
                    ));
                    continue;
                }
            };
            let plan = match item.get("plan") {
                Some(p) => codec::plan_from_value(p),
                None => Err(PlanError::new("", None, Problem::Missing).into()),
            };
            match plan {
                Ok(plan) => library.0.push(Scenario {
                    name: library.free_name(&name),
                    edited: item.get("edited").and_then(Value::as_f64).unwrap_or(0.0),
                    preset: item
                        .get("preset")
                        .and_then(Value::as_str)
                        .filter(|p| presets::get(p).is_some())
                        .map(str::to_string),
                    plan,
                }),
                Err(e) => errors.extend(e.0.into_iter().take(4).map(|mut e| {
                    e.path = if e.path.is_empty() {
                        format!("scenarios[{i}].plan")
                    } else {
                        format!("scenarios[{i}].plan.{}", e.path)
                    };
                    e
                })),
            }
        }
        Ok((library, errors))
    }
}

/// The texts of "My scenarios" (`scenarios.html`), English then 中文. They are not [`Msg`]s, so
/// the planner's page, which shows none of them, does not carry them.
///
/// [`Msg`]: super::i18n::Msg
pub mod texts {
    use crate::plan::Lang;

    /// Scenario name
    pub const SCENARIO_NAME: [&str; 2] = ["Scenario name", "方案名称"];
    /// Save as scenario
    pub const SAVE_SCENARIO: [&str; 2] = ["Save as scenario", "保存为方案"];
    /// Last edited
    pub const EDITED: [&str; 2] = ["Last edited", "最后修改"];
    /// Open
    pub const OPEN: [&str; 2] = ["Open", "打开"];
    /// Duplicate
    pub const DUPLICATE: [&str; 2] = ["Duplicate", "复制"];
    /// Delete
    pub const DELETE: [&str; 2] = ["Delete", "删除"];
    /// Compare the ticked scenarios
    pub const COMPARE_SELECTED: [&str; 2] = ["Compare the ticked scenarios", "比较勾选的方案"];
    /// Compare as loaded with now
    pub const LOADED_VS_NOW: [&str; 2] = ["Compare as loaded with now", "比较载入时与当前"];
    /// Export the library
    pub const EXPORT_LIBRARY: [&str; 2] = ["Export the library", "导出方案库"];
    /// Import a library
    pub const IMPORT_LIBRARY: [&str; 2] = ["Import a library", "导入方案库"];
    /// The library as it was stored, set aside because some of it could not be read.
    pub const SET_ASIDE: [&str; 2] = [
        "Download the library as stored (with what could not be read)",
        "下载原存储的方案库（含无法读取的部分）",
    ];
    /// After the problems of a library that was read in part: `{n}` scenarios could be.
    pub const READ_IN_PART: [&str; 2] = [
        "The {n} scenarios that could be read are below.",
        "可以读取的 {n} 个方案在下方。",
    ];
    /// No scenarios yet: name the plan on screen and save it.
    pub const LIBRARY_EMPTY: [&str; 2] = [
        "No scenarios yet: name the plan on screen and save it.",
        "还没有方案：为当前计划命名后保存。",
    ];
    /// Saved:
    pub const SCENARIO_SAVED: [&str; 2] = ["Saved:", "已保存："];
    /// Replaced with the plan on screen:
    pub const SCENARIO_REPLACED: [&str; 2] =
        ["Replaced with the plan on screen:", "已用当前计划替换："];
    /// A scenario of this name exists; asked before it is replaced (the name follows).
    pub const REPLACE_ASK: [&str; 2] = [
        "Replace this scenario with the plan on screen? What it holds now is lost:",
        "用当前计划替换这个方案吗？它现在的内容将丢失：",
    ];
    /// Not saved: another scenario has this name.
    pub const NOT_REPLACED: [&str; 2] = [
        "Not saved: a scenario of this name exists. Give the plan another name:",
        "未保存：已有同名方案。请为当前计划换一个名称：",
    ];
    /// Deleted:
    pub const SCENARIO_DELETED: [&str; 2] = ["Deleted:", "已删除："];
    /// Renamed:
    pub const SCENARIO_RENAMED: [&str; 2] = ["Renamed:", "已重命名："];
    /// Copied:
    pub const SCENARIO_COPIED: [&str; 2] = ["Copied:", "已复制："];
    /// Scenarios added from the file:
    pub const LIBRARY_ADDED: [&str; 2] = ["Scenarios added from the file:", "已从文件添加方案："];
    /// Give the scenario a name of 1 to 60 characters.
    pub const NAME_EMPTY: [&str; 2] = [
        "Give the scenario a name of 1 to 60 characters.",
        "请为方案起一个 1 至 60 个字符的名称。",
    ];
    /// Another scenario has this name: choose another.
    pub const NAME_TAKEN: [&str; 2] = [
        "Another scenario has this name: choose another.",
        "已有同名方案，请换一个名称。",
    ];
    /// The library holds at most 50 scenarios: delete one first.
    pub const LIBRARY_FULL: [&str; 2] = [
        "The library holds at most 50 scenarios: delete one first.",
        "方案库最多 50 个方案，请先删除一个。",
    ];
    /// This browser is not keeping your scenarios (storage is full or turned off): they stay while this page is open. Export the library to keep them.
    pub const LIBRARY_NOT_KEPT: [&str; 2] = ["This browser is not keeping your scenarios (storage is full or turned off): they stay while this page is open. Export the library to keep them.", "此浏览器无法保存您的方案（存储已满或被禁用）：页面打开期间方案仍然有效。如需保留，请导出方案库。"];
    /// Tick 2 to 4 scenarios to compare them.
    pub const PICK_TWO: [&str; 2] = [
        "Tick 2 to 4 scenarios to compare them.",
        "请勾选 2 至 4 个方案进行比较。",
    ];
    /// Scenarios side by side
    pub const COMPARE_TITLE: [&str; 2] = ["Scenarios side by side", "方案对比"];
    /// Revenue by channel over the horizon
    pub const CHANNEL_CONTRIBUTIONS: [&str; 2] =
        ["Revenue by channel over the horizon", "各渠道计划期销售额"];
    /// Why each differs from the first (revenue bridge)
    pub const BRIDGE_FROM_FIRST: [&str; 2] = [
        "Why each differs from the first (revenue bridge)",
        "与第一个方案的差异从哪里来（销售额拆解）",
    ];
    /// These scenarios cover different months: each column is over its own horizon, and no bridge is drawn between them.
    pub const HORIZONS_DIFFER: [&str; 2] = ["These scenarios cover different months: each column is over its own horizon, so no differences are shown and no bridge is drawn between them.", "这些方案覆盖的月份不同：每列按各自的计划期计算，因此不列差额，也不做销售额拆解。"];
    /// As loaded
    pub const AS_LOADED: [&str; 2] = ["As loaded", "载入时"];
    /// Download the comparison (CSV)
    pub const CSV_COMPARE: [&str; 2] = ["Download the comparison (CSV)", "下载对比表（CSV）"];
    /// Bring in schedules from a CSV file
    pub const CSV_IMPORT: [&str; 2] = [
        "Bring in schedules from a CSV file",
        "从 CSV 文件导入月度安排",
    ];
    /// This file will change:
    pub const CSV_PREVIEW: [&str; 2] = ["This file will change:", "该文件将修改："];
    /// This file changes nothing in the plan.
    pub const CSV_NOTHING: [&str; 2] = [
        "This file changes nothing in the plan.",
        "该文件不会改变当前计划。",
    ];
    /// Apply
    pub const APPLY: [&str; 2] = ["Apply", "应用"];
    /// months change, from
    pub const MONTHS_CHANGING: [&str; 2] = ["months change, from", "个月有变化，起始于"];
    /// month changes, from
    pub const MONTH_CHANGING: [&str; 2] = ["month changes, from", "个月有变化，起始于"];
    /// Closing drops a library the browser did not keep.
    pub const CLOSE_UNSAVED: [&str; 2] = [
        "This browser did not keep your scenarios: close anyway and lose them? (Cancel, then Export the library to keep them.)",
        "此浏览器未能保存您的方案：仍要关闭并丢失它们吗？（点“取消”，再导出方案库即可保留。）",
    ];

    /// Every text, for the wording tests.
    pub const ALL: &[[&str; 2]] = &[
        CLOSE_UNSAVED,
        CSV_IMPORT,
        CSV_PREVIEW,
        CSV_NOTHING,
        APPLY,
        MONTHS_CHANGING,
        MONTH_CHANGING,
        SCENARIO_NAME,
        SAVE_SCENARIO,
        EDITED,
        OPEN,
        DUPLICATE,
        DELETE,
        COMPARE_SELECTED,
        LOADED_VS_NOW,
        EXPORT_LIBRARY,
        IMPORT_LIBRARY,
        LIBRARY_EMPTY,
        SCENARIO_SAVED,
        SCENARIO_REPLACED,
        SCENARIO_DELETED,
        SCENARIO_RENAMED,
        SCENARIO_COPIED,
        LIBRARY_ADDED,
        NAME_EMPTY,
        NAME_TAKEN,
        LIBRARY_FULL,
        LIBRARY_NOT_KEPT,
        PICK_TWO,
        COMPARE_TITLE,
        CHANNEL_CONTRIBUTIONS,
        BRIDGE_FROM_FIRST,
        HORIZONS_DIFFER,
        AS_LOADED,
        CSV_COMPARE,
    ];

    /// A text in `lang`.
    pub fn tr(text: [&'static str; 2], lang: Lang) -> &'static str {
        text[(lang == Lang::Zh) as usize]
    }
}
