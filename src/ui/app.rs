//! The page's components. State lives in a few signals at the top of [`App`]; everything shown
//! is derived from the projection the core returns, through `Memo`s.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::chart::Chart;
use super::history::History;
use super::i18n::{self, Msg, Words};
use super::kpi::{self, Format};
use super::tool_page::Tool;
use super::web::{self, NumberKind};
use crate::charts;
use crate::codec;
use crate::model::Projection;
use crate::plan::lang::Text;
use crate::plan::levers::{self, Lever};
use crate::plan::{Carriage, Lang, Plan, PlanError, PlanErrors, Problem};
use crate::presets;

const PLAN_KEY: &str = "troika.plan.v1";
const LANG_KEY: &str = "troika.lang";
const PRESET_KEY: &str = "troika.preset";
/// Where the name of the saved scenario on screen is kept ([`AppState::scenario`]).
const SCENARIO_KEY: &str = "troika.scenario";
const LARGE_KEY: &str = "troika.large-type";
/// Where a saved plan that could not be read is kept.
const UNREADABLE_KEY: &str = "troika.plan.unreadable";
/// Where the user's own plan (and its preset) is copied when a link replaces it on screen, or a
/// file, a saved scenario or a case replaces it edited ([`AppState::replace`]).
const BEFORE_LINK_KEY: &str = "troika.plan.before-link";
const BEFORE_LINK_PRESET_KEY: &str = "troika.preset.before-link";
/// The plan the last link (or file, saved scenario or case, [`AppState::replace`]) opened: while
/// the plan shown is still that one, unedited, the user's own plan is the copy above, which a
/// second link must not overwrite.
const LINK_PLAN_KEY: &str = "troika.plan.from-link";

/// A plan and the preset it came from.
type Origin = (Plan, Option<String>);

/// A step of the edit history: the plan on screen, and the load it came from (a case, a link, a
/// file, a saved scenario): the plan as loaded and its preset. Undo back past a load gives the
/// load before it back with its plan ([`AppState::undo_redo`]).
#[derive(Clone, PartialEq)]
pub struct Step {
    /// The plan on screen.
    pub plan: Plan,
    /// The plan as loaded and its preset.
    pub origin: std::sync::Arc<Origin>,
}

impl Step {
    /// A plan that is its own plan as loaded.
    pub fn loaded(plan: Plan, preset: Option<String>) -> Step {
        let origin = std::sync::Arc::new((plan.clone(), preset));
        Step { plan, origin }
    }
}

/// A message shown above the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// An error (red) or information.
    pub error: bool,
    /// The headline.
    pub title: Msg,
    /// Details, in both languages: shown in the page's, also after it changes.
    pub lines: Vec<Text>,
    /// The user's own plan, which a link replaced on screen: a button brings it back.
    pub restore: Option<(Plan, Option<String>)>,
}

impl Notice {
    /// A notice with a headline alone.
    pub fn info(title: Msg) -> Notice {
        Notice {
            error: false,
            title,
            lines: Vec::new(),
            restore: None,
        }
    }

    /// An error with its details.
    pub fn error(title: Msg, lines: Vec<Text>) -> Notice {
        Notice {
            error: true,
            title,
            lines,
            restore: None,
        }
    }
}

/// Whether the page is in large type (for projectors and distant readers); charts read it to
/// enlarge their labels too.
#[derive(Clone, Copy)]
pub struct LargeType(pub RwSignal<bool>);

/// The state every component shares.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The interface language.
    pub lang: RwSignal<Lang>,
    /// Edits, with undo and redo.
    pub history: RwSignal<History<Step>>,
    /// The plan as loaded (preset, link or file): KPI deltas and slider ranges refer to it.
    pub loaded: RwSignal<Plan>,
    /// The preset the plan came from, if any.
    pub preset: RwSignal<Option<String>>,
    /// Counts loads, so that controls sized for the plan as loaded are made anew.
    pub generation: RwSignal<u32>,
    /// The message shown above the page.
    pub notice: RwSignal<Option<Notice>>,
    /// The current plan.
    pub plan: Memo<Plan>,
    /// Its projection (a valid plan always projects; errors are kept for the API's sake).
    pub projection: Memo<Result<Projection, PlanErrors>>,
    /// The last value a lever set: its path and the value (the analyses binary takes a lever's
    /// move as these two instead of the whole plan, `ui::deferred`).
    pub lever_edit: StoredValue<Option<(String, f64)>>,
    /// The scenario of "My scenarios" the plan was opened from or last saved as, by name;
    /// `None` after a case, a link or a file. See [`AppState::scenario_on_screen`].
    pub scenario: RwSignal<Option<String>>,
}

impl AppState {
    /// The state of a face of the page (the planner, the widget): `history` holds the plan on
    /// screen and where it was loaded from. Keeps nothing in storage.
    pub fn new(lang: Lang, history: History<Step>, notice: Option<Notice>) -> AppState {
        let (loaded, preset) = history.present().origin.as_ref().clone();
        let history = RwSignal::new(history);
        let plan = Memo::new(move |_| history.with(|h| h.present().plan.clone()));
        // A new plan always projects anew (`plan` already drops edits that change nothing), so
        // the projection is not compared with the last: comparing costs time and ~3 KB of wasm.
        let projection = Memo::new_with_compare(move |_| plan.with(crate::simulate), |_, _| true);
        AppState {
            lang: RwSignal::new(lang),
            history,
            loaded: RwSignal::new(loaded),
            preset: RwSignal::new(preset),
            generation: RwSignal::new(0),
            notice: RwSignal::new(notice),
            plan,
            projection,
            lever_edit: StoredValue::new(None),
            scenario: RwSignal::new(None),
        }
    }

    /// The saved scenario on screen: [`AppState::scenario`] while the plan still carries its
    /// name (an Undo back past the opening or the save leaves it).
    pub fn scenario_on_screen(&self) -> Option<String> {
        let name = self.scenario.get()?;
        self.plan.with(|p| p.name == name).then_some(name)
    }

    /// Shows a plan as a new starting point, keeping nothing in storage (the widget).
    pub fn show(&self, plan: Plan, preset: Option<String>) {
        self.scenario.set(None);
        self.loaded.set(plan.clone());
        self.preset.set(preset.clone());
        self.generation.update(|g| *g += 1);
        self.history.update(|h| h.edit(Step::loaded(plan, preset)));
    }

    /// Replaces the plan as a new starting point (a preset, a link, a file), and keeps its
    /// preset for the next visit.
    pub fn load(&self, plan: Plan, preset: Option<String>) {
        web::storage_set(PRESET_KEY, preset.as_deref().unwrap_or(""));
        self.show(plan, preset);
        self.set_scenario(None);
    }

    /// Whether the plan on screen is its case's plan, untouched (`fixed`: or with the case's
    /// fix): the case gives it back. (The fix is worked out only where asked: the widget, which
    /// shows no fix, does not carry the code.)
    fn case_plan_on_screen(&self, fixed: bool) -> bool {
        let shown = self.plan.get_untracked();
        let preset = self.preset.get_untracked();
        preset.as_deref().and_then(presets::get).is_some_and(|p| {
            let mut named = shown.clone();
            named.name.clone_from(&p.plan.name);
            named == p.plan
                || (fixed && p.fixed_plan().is_some_and(|f| f.is_ok_and(|f| f == named)))
        })
    }

    /// Replaces the plan on screen as [`AppState::load`] does (a file, a saved scenario, a
    /// case, the user's own plan taken back). Unless the plan on screen is `untouched` (its
    /// case's, [`AppState::case_plan_on_screen`]), it is kept in storage as a link's replaced
    /// plan is ([`keep_own`]), and the notice that offers it back is returned: Undo alone would
    /// not outlive a reload.
    fn replace(&self, plan: Plan, preset: Option<String>, untouched: bool) -> Option<Notice> {
        let shown = (self.plan.get_untracked(), self.preset.get_untracked());
        let kept = (!untouched && shown.0 != plan)
            .then(|| keep_own(shown, &plan))
            .filter(|n| n.restore.as_ref().is_some_and(|own| own.0 != plan));
        self.load(plan, preset);
        kept
    }

    /// Says which saved scenario the plan on screen is, and keeps it for the next visit.
    fn set_scenario(&self, name: Option<String>) {
        web::storage_set(SCENARIO_KEY, name.as_deref().unwrap_or(""));
        self.scenario.set(name);
    }

    /// Applies a finished edit.
    pub fn edit(&self, plan: Plan) {
        self.history.update(|h| {
            let origin = h.present().origin.clone();
            h.edit(Step { plan, origin });
        });
    }

    /// A live change during a drag ([`History::preview`]).
    pub fn preview(&self, plan: Plan) {
        self.history.update(|h| {
            let origin = h.present().origin.clone();
            h.preview(Step { plan, origin });
        });
    }

    /// Undo (`redo` false) or Redo. A step back past a load, or forward over one, also gives
    /// back that load's plan as loaded and preset (KPI deltas, slider ranges, the case's story
    /// and fix follow them), and drops the notice the other load left.
    pub fn undo_redo(&self, redo: bool) {
        let mut crossed = None;
        self.history.update(|h| {
            let before = h.present().origin.clone();
            if redo {
                h.redo()
            } else {
                h.undo()
            };
            let after = &h.present().origin;
            if !std::sync::Arc::ptr_eq(&before, after) {
                crossed = Some(after.as_ref().clone());
            }
        });
        if let Some((loaded, preset)) = crossed {
            web::storage_set(PRESET_KEY, preset.as_deref().unwrap_or(""));
            self.loaded.set(loaded);
            self.preset.set(preset);
            self.generation.update(|g| *g += 1);
            self.notice.set(None);
        }
    }

    /// Applies an edit that takes the plan past its preset's story (presenter mode leaving with
    /// the fix in): the preset is let go, so that its fix is never applied twice.
    pub fn edit_past_preset(&self, plan: Plan) {
        self.edit(plan);
        self.let_preset_go();
    }

    /// Lets the plan's preset go, as a change of the step on screen: Undo to the step before it
    /// gives the preset back.
    pub fn let_preset_go(&self) {
        self.history.update(|h| {
            h.amend(|step| step.origin = std::sync::Arc::new((step.origin.0.clone(), None)))
        });
        self.preset.set(None);
        web::storage_set(PRESET_KEY, "");
    }
}

/// The first problems' messages in `lang`, and how many more there are.
pub(super) fn errors_in(lang: Lang, e: &PlanErrors) -> Vec<String> {
    let lines = i18n::errors_worded(e);
    lines.iter().map(|l| l.get(lang).to_string()).collect()
}

/// What the page starts with.
struct Start {
    /// The plan on screen and its preset.
    plan: Plan,
    preset: Option<String>,
    notice: Option<Notice>,
    /// The user's own plan when a link replaced it: the step before the link in the history.
    own: Option<Origin>,
    /// The saved plan could not be read, nor copied aside (storage full): the autosave must
    /// not write over it.
    hold: bool,
}

/// The plan to start with: a share link first, then the autosaved plan, then the June preset.
/// `shell/shell.js` mirrors this choice (and `App`'s language) for the page's first paint.
/// A link never costs the user their own plan: it stays one Undo (or one button) away, and a
/// copy is kept in storage.
fn initial_state() -> Start {
    let stored_text = web::storage_get(PLAN_KEY);
    let stored_result = stored_text.as_deref().map(codec::plan_from_json);
    let stored = stored_result
        .as_ref()
        .and_then(|r| r.as_ref().ok().cloned());
    // A saved plan this version cannot read is kept aside, never overwritten by the autosave;
    // when storage is too full for the copy, it stays where it is and the autosave holds off.
    let mut hold = false;
    let unreadable = match (&stored_result, &stored_text) {
        (Some(Err(e)), Some(text)) => {
            hold = !web::storage_set(UNREADABLE_KEY, text);
            let msg = if hold {
                Msg::StoredUnreadableHeld
            } else {
                Msg::StoredUnreadable
            };
            Some(Notice::error(msg, i18n::errors_worded(e)))
        }
        _ => None,
    };
    let stored_preset = web::storage_get(PRESET_KEY).filter(|p| presets::get(p).is_some());
    let (plan, preset) = match &stored {
        Some(plan) => (plan.clone(), stored_preset.clone()),
        None => (presets::june(), Some("june".to_string())),
    };
    let fallback = Start {
        plan,
        preset,
        notice: None,
        own: None,
        hold,
    };
    let hash = web::hash();
    match link_in(&hash) {
        Some(Ok((plan, preset))) => {
            let own = stored
                .filter(|own| *own != plan)
                .map(|own| (own, stored_preset));
            let notice = own.as_ref().map(|own| keep_own(own.clone(), &plan));
            Start {
                notice: with_unknown_preset(notice.or(unreadable), &hash),
                plan,
                preset,
                own,
                hold,
            }
        }
        Some(Err(e)) => Start {
            // A first visit has no last plan: the June plan is shown.
            notice: Some(Notice::error(
                if stored.is_some() {
                    Msg::LinkFailed
                } else {
                    Msg::LinkFailedJune
                },
                i18n::errors_worded(&e),
            )),
            ..fallback
        },
        None => {
            // The plan a link replaced stays on offer after a reload, until it is taken back.
            let restore = kept_own().filter(|own| own.0 != fallback.plan);
            let restored = stored.is_some().then(|| match restore {
                Some(own) => Notice {
                    restore: Some(own),
                    ..Notice::info(Msg::RestoredKeptOwn)
                },
                None => Notice::info(Msg::Restored),
            });
            Start {
                notice: unreadable.or(restored),
                ..fallback
            }
        }
    }
}

/// The plan and preset a URL fragment opens: `#plan=…[&preset=id]` or `#preset=id`; `None` when
/// it names neither. A plan opens even when its preset is one this build does not have (a link
/// from a newer version): only the preset is left out, and [`with_unknown_preset`] says so. An unknown
/// preset alone is refused.
fn link_in(hash: &str) -> Option<Result<Origin, PlanErrors>> {
    let preset = codec::preset_in_fragment(hash)
        .or_else(|| codec::present_in_fragment(hash).flatten())
        .and_then(presets::get);
    if codec::fragment_has_plan(hash) {
        return Some(codec::plan_from_fragment(hash).map(|p| (p, preset.map(|p| p.id.clone()))));
    }
    if let Some(e) = presets::unknown_in_fragment(hash) {
        return Some(Err(e));
    }
    preset.map(|p| Ok((p.plan.clone(), Some(p.id.clone()))))
}

/// `notice` (a link's), with the refusal of the link's unknown preset added: the plan opened
/// without it. A notice of its own when there is none.
fn with_unknown_preset(notice: Option<Notice>, hash: &str) -> Option<Notice> {
    let Some(e) = presets::unknown_in_fragment(hash) else {
        return notice;
    };
    let mut notice = notice.unwrap_or_else(|| Notice::info(Msg::LinkPresetUnknown));
    notice.lines.extend(i18n::errors_worded(&e));
    Some(notice)
}

/// Whether a link opens presenter mode: `#present`, or `#present=<id>` of a preset this build has
/// (one it does not have is said in a notice, which presenter mode would hide).
fn presents(hash: &str) -> bool {
    codec::present_in_fragment(hash).is_some()
        && codec::preset_named_in_fragment(hash).is_none_or(|n| presets::get(n).is_some())
}

/// A plan kept in local storage under `key`, if it reads.
fn stored_plan(key: &str) -> Option<Plan> {
    web::storage_get(key).and_then(|t| codec::plan_from_json(&t).ok())
}

/// The user's own plan kept from before a link, with its preset.
fn kept_own() -> Option<Origin> {
    let preset = web::storage_get(BEFORE_LINK_PRESET_KEY).filter(|p| presets::get(p).is_some());
    stored_plan(BEFORE_LINK_KEY).map(|plan| (plan, preset))
}

/// Before `link` (a link's plan, or a file's, a saved scenario's or a case's:
/// [`AppState::replace`]) replaces the plan `shown`: keeps the user's own plan in storage and
/// returns the notice that offers it back. The own plan is `shown`, unless `shown` is the plan
/// an earlier link opened, unedited: then it is the copy kept when that link opened, left as it
/// is.
fn keep_own(shown: Origin, link: &Plan) -> Notice {
    let from_link = stored_plan(LINK_PLAN_KEY).is_some_and(|p| p == shown.0);
    let mut kept = true;
    let own = match kept_own().filter(|_| from_link) {
        Some(before) => before,
        None => {
            kept = web::storage_set(BEFORE_LINK_KEY, &codec::plan_to_json(&shown.0))
                && web::storage_set(BEFORE_LINK_PRESET_KEY, shown.1.as_deref().unwrap_or(""));
            shown
        }
    };
    web::storage_set(LINK_PLAN_KEY, &codec::plan_to_json(link));
    let mut notice = Notice {
        restore: Some(own),
        ..Notice::info(Msg::LinkOpened)
    };
    if !kept {
        // Kept on the page only: said, as the autosave says it.
        notice.lines.push(i18n::both(Msg::StorageOff));
    }
    notice
}

/// Opens a link pasted into a tab where Troika is already open (`hashchange`): the plan on
/// screen stays one Undo away.
fn open_link(s: AppState, hash: &str) {
    let Some(link) = link_in(hash) else { return };
    web::mark_input();
    match link {
        Ok((plan, preset)) => {
            let shown = (s.plan.get_untracked(), s.preset.get_untracked());
            let kept = (shown.0 != plan).then(|| keep_own(shown, &plan));
            if let Some(notice) = with_unknown_preset(kept, hash) {
                s.notice.set(Some(notice));
            }
            s.load(plan, preset);
        }
        Err(e) => s.notice.set(Some(Notice::error(
            Msg::LinkFailed,
            i18n::errors_worded(&e),
        ))),
    }
    web::set_hash("");
}

/// The planner's title in `l`, as the browser's tab shows it.
pub(crate) fn page_title(l: Lang) -> String {
    format!("{} · {}", Msg::Title.tr(l), Msg::Tagline.tr(l))
}

/// `msg` in the page's language, for a view or an attribute to follow. Every text shares this
/// one closure type (one for [`Msg`], one for [`OtherMsg`]): a `move || msg.tr(lang.get())`
/// written out in each place is a type of its own, and Leptos's rendering code is compiled again
/// for each.
///
/// [`OtherMsg`]: super::i18n::OtherMsg
pub(crate) fn tr<M: Words>(
    lang: RwSignal<Lang>,
    msg: M,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || msg.words(lang.get())
}

/// A number box's refusal, if it has one, in the page's language: its error line follows a
/// switch of language. One closure type for every box, as [`tr`].
pub(crate) fn refusal_shown(
    lang: RwSignal<Lang>,
    error: RwSignal<Option<Text>>,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || error.with(|e| e.as_ref().map(|e| e.get(lang.get()).to_string()))
}

/// What a number box shows: what was typed there while its refusal stands, or else the plan's
/// value (`shown`). A new value behind the box (`changed`: another plan, Undo, the slider)
/// drops the refusal first; a switch of language does not.
fn box_text(
    changed: bool,
    error: RwSignal<Option<Text>>,
    typed: RwSignal<Option<String>>,
    shown: impl FnOnce() -> String,
) -> String {
    if changed {
        error.set(None);
    }
    typed
        .get_untracked()
        .filter(|_| error.with_untracked(Option::is_some))
        .unwrap_or_else(shown)
}

/// The whole page.
#[component]
pub fn App(
    /// Gets the page's state once it exists (`main.rs` hands it to `window.troika`; the page
    /// does not know the API).
    #[prop(optional)]
    on_start: Option<fn(AppState)>,
) -> impl IntoView {
    let lang = web::storage_get(LANG_KEY)
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_else(web::browser_lang);
    // `#present` and `#present=<preset>` open presenter mode at its first step; a reload while
    // presenting (Ctrl+R, a crash), at the step it was on, with the plan the autosave kept.
    let hash = web::hash();
    let presenting = RwSignal::new(if presents(&hash) {
        Some(0)
    } else {
        web::present_step().filter(|_| hash.is_empty())
    });
    Effect::new(move |_| web::keep_present_step(presenting.get()));
    provide_context(super::present::Presenting(presenting));
    let Start {
        plan: start,
        preset,
        notice,
        own,
        hold,
    } = initial_state();
    // Kept with the plan the autosave keeps: a first visit's June plan, reloaded, is still the
    // June case.
    web::storage_set(PRESET_KEY, preset.as_deref().unwrap_or(""));
    // A link's plan comes after the user's own, so Undo goes back to it.
    let history = match own {
        Some((own, own_preset)) => {
            let mut h = History::new(Step::loaded(own, own_preset), 200);
            h.edit(Step::loaded(start, preset));
            h
        }
        None => History::new(Step::loaded(start, preset), 200),
    };
    let state = AppState::new(lang, history, notice);
    let (lang, history, plan) = (state.lang, state.history, state.plan);
    state.scenario.set(
        web::storage_get(SCENARIO_KEY)
            .filter(|n| !n.is_empty() && plan.with_untracked(|p| p.name == *n)),
    );
    provide_context(state);
    provide_context(super::analysis::ChosenGoal::new(state));
    // Large type is kept across reloads.
    let large = RwSignal::new(web::storage_get(LARGE_KEY).as_deref() == Some("1"));
    provide_context(LargeType(large));
    // The analyses panel, presenter mode and the plan report load on first use.
    let chosen = expect_context::<super::analysis::ChosenGoal>();
    provide_context(super::deferred::Deferred::new(
        state, chosen.0, large, presenting,
    ));
    Effect::new(move |prev: Option<()>| {
        let on = large.get();
        if prev.is_some() {
            web::storage_set(LARGE_KEY, if on { "1" } else { "0" });
        }
    });

    // Autosave. A plan opened from a link is saved too, and the link leaves the address bar so
    // that a reload shows the latest edits, not the plan as it was shared. When the browser
    // keeps nothing (storage full, disabled or throwing) the page says so once and goes on: the
    // plan stays in memory. During a drag (a slider, a what-if bar) the plan is saved once, as
    // the drag ends: writing it at every move would cost each move a serialisation and a
    // storage write, and a reload mid-drag still finds the plan from before the drag.
    let storage_warned = StoredValue::new(false);
    Effect::new(move |_| {
        plan.track();
        if history.with(|h| h.dragging()) {
            return;
        }
        // Held off, as the notice says, while the saved plan could be neither read nor copied.
        let saved = hold || plan.with(|p| web::storage_set(PLAN_KEY, &codec::plan_to_json(p)));
        if !saved && !storage_warned.get_value() {
            storage_warned.set_value(true);
            // Said once; a notice that offers the user's own plan back keeps its button.
            let off = i18n::both(Msg::StorageOff);
            state.notice.update(|n| match n {
                Some(n) if n.restore.is_some() => n.lines.push(off),
                _ => *n = Some(Notice::info(Msg::StorageOff)),
            });
        }
        let hash = web::hash();
        if codec::fragment_has_plan(&hash)
            || codec::preset_in_fragment(&hash).is_some()
            || codec::present_in_fragment(&hash).is_some()
        {
            web::set_hash("");
        }
    });
    // A link pasted into this tab's address bar opens here.
    let hashchange = window_event_listener(ev::hashchange, move |_| {
        let hash = web::hash();
        if presents(&hash) {
            presenting.set(Some(0));
        }
        open_link(state, &hash);
        // Not left in the address bar: a reload after the show would start it again.
        if codec::present_in_fragment(&hash).is_some() {
            web::set_hash("");
        }
    });
    on_cleanup(move || hashchange.remove());
    // "My scenarios" hands over a plan to open (web::open_builder's frame): checked like a file,
    // loaded as a new starting point, the plan on screen one Undo away.
    let open_plan = window_event_listener_untyped("troika:open-plan", move |e| {
        let field = |k: &str| {
            js_sys::Reflect::get(
                &e.unchecked_ref::<web_sys::CustomEvent>().detail(),
                &k.into(),
            )
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
        };
        // "My scenarios" saved the plan on screen under a name (or renamed its scenario): the
        // plan takes that name, as no step of its own, and Save offers it next time.
        if field("type") == "saved" {
            if let Ok(name) = crate::ui::library::clean_name(&field("name")) {
                history.update(|h| h.amend(|step| step.plan.name = name.clone()));
                state.set_scenario(Some(name));
            }
            return;
        }
        web::mark_input();
        match codec::plan_from_json(&field("plan")) {
            // Schedules from a CSV file, previewed there: an edit of the plan on screen.
            Ok(plan) if field("type") == "apply" => {
                state.edit(plan);
                state.notice.set(Some(Notice::info(Msg::CsvApplied)));
            }
            Ok(plan) => {
                let preset = Some(field("preset")).filter(|p| presets::get(p).is_some());
                let (restore, said) = state
                    .replace(plan, preset, state.case_plan_on_screen(true))
                    .map_or((None, Vec::new()), |n| (n.restore, n.lines));
                let name = field("name");
                state.set_scenario(Some(name.clone()).filter(|n| !n.is_empty()));
                let mut lines = vec![Text::same(name), i18n::both(Msg::UndoBringsBack)];
                lines.extend(said);
                state.notice.set(Some(Notice {
                    lines,
                    restore,
                    ..Notice::info(Msg::ScenarioOpened)
                }));
            }
            Err(e) => state.notice.set(Some(Notice::error(
                Msg::ImportFailed,
                i18n::errors_worded(&e),
            ))),
        }
    });
    on_cleanup(move || open_plan.remove());
    // A new version of the page has installed (offline/register.js): the user reloads when they
    // choose, never in the middle of a presentation.
    let update_ready = RwSignal::new(false);
    let update =
        window_event_listener_untyped("troika:update-ready", move |_| update_ready.set(true));
    on_cleanup(move || update.remove());
    Effect::new(move |_| {
        let l = lang.get();
        web::storage_set(LANG_KEY, l.code());
        web::set_page_lang(l);
        web::set_page_title(&page_title(l));
    });

    if let Some(start) = on_start {
        start(state);
    }

    view! {
        <div class="app" class:large=move || large.get() class:presenting=move || presenting.with(Option::is_some)>
            <a class="skip" href="#results">{tr(lang, Msg::SkipToResults)}</a>
            <header class="topbar">
                <div class="brand">
                    <h1>{tr(lang, Msg::Title)}</h1>
                    <p class="tagline">{tr(lang, Msg::Tagline)}</p>
                </div>
                <Toolbar large=large />
            </header>
            <NoticeBar take_back=take_back />
            <Show when=move || update_ready.get() && presenting.with(Option::is_none)>
                <div class="notice" role="status" data-testid="update-ready">
                    <strong>{tr(lang, Msg::UpdateReady)}</strong>" "
                    <button data-testid="update-reload" on:click=|_| web::accept_update()>
                        {tr(lang, Msg::Reload)}
                    </button>
                </div>
            </Show>
            <Show when=move || presenting.with(Option::is_some)>
                <super::deferred::PresenterSlot />
            </Show>
            <PresetPanel />
            <main class="layout">
                <aside class="assumptions" aria-label=tr(lang, Msg::Assumptions)>
                    <h2>{tr(lang, Msg::Assumptions)}</h2>
                    <AssumptionPanel />
                    <p class="note">{tr(lang, Msg::Illustrative)}</p>
                </aside>
                <section class="results" id="results" tabindex="-1" aria-label=tr(lang, Msg::Results)>
                    <KpiCards />
                    <div class="charts">
                        <Chart title=Msg::ChartByChannel figure=charts::revenue_by_channel testid="chart-channels" />
                        <Chart title=Msg::ChartByCarriage figure=charts::revenue_by_carriage testid="chart-carriages" />
                        <Chart title=Msg::ChartNewReturning figure=charts::revenue_new_vs_returning testid="chart-new-returning" />
                        <Chart title=Msg::ChartSpend figure=charts::spend_vs_revenue testid="chart-spend" />
                        <Chart title=Msg::ChartFunnel figure=charts::funnel testid="chart-funnel" />
                    </div>
                    <super::deferred::AnalysisSlot />
                    <MonthTable />
                </section>
            </main>
        </div>
    }
}

/// Opens the plan file (JSON) picked in an `<input type=file>`: it replaces the plan on screen,
/// one Undo away.
fn import_file(s: AppState, e: &ev::Event) {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let text = web::read_text(&input, codec::MAX_DOCUMENT_BYTES).await;
        let max_bytes = codec::MAX_DOCUMENT_BYTES;
        let too_large =
            || PlanErrors::from(PlanError::new("", None, Problem::TooLarge { max_bytes }));
        match text.map_or_else(|| Err(too_large()), |t| codec::plan_from_json(&t)) {
            Ok(plan) => {
                let (restore, said) = s
                    .replace(plan, None, s.case_plan_on_screen(true))
                    .map_or((None, Vec::new()), |n| (n.restore, n.lines));
                let mut lines = vec![i18n::both(Msg::UndoBringsBack)];
                lines.extend(said);
                s.notice.set(Some(Notice {
                    lines,
                    restore,
                    ..Notice::info(Msg::Imported)
                }));
            }
            Err(e) => s.notice.set(Some(Notice::error(
                Msg::ImportFailed,
                i18n::errors_worded(&e),
            ))),
        }
    });
}

#[component]
fn Toolbar(large: RwSignal<bool>) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let share_url = RwSignal::new(None::<String>);
    // "Embed this plan" is a page of the widget's binary (ui::embed::builder) in a frame: this
    // page carries none of its code. It gets the plan on screen as a share link does.
    // So is "My scenarios" (ui/scenarios.rs, a binary of its own: scenarios.html), which also
    // gets the plan as loaded, and hands a plan back with `troika:open-plan`.
    // `tools`: the page also gets the plan as loaded, and decides itself whether to close.
    let frame = move |page: &str, title: Msg, testid: &str, tools: bool| {
        let l = lang.get_untracked();
        let preset = s.preset.get_untracked();
        let mut fragment = s
            .plan
            .with_untracked(|p| codec::share_fragment(p, preset.as_deref()));
        if tools {
            let plan = s.loaded.with_untracked(codec::plan_to_fragment);
            fragment.push_str("&loaded=");
            fragment.push_str(plan.trim_start_matches("plan="));
            if let Some(name) = s.scenario_on_screen() {
                fragment.push_str("&scenario=");
                fragment.push_str(&String::from(js_sys::encode_uri_component(&name)));
            }
        }
        web::open_builder(
            &format!("{page}?lang={}#{fragment}", l.code()),
            title.tr(l),
            testid,
            tools,
        );
    };
    let open = move |tool: Tool| match tool {
        Tool::Embed => frame("embed-builder.html", Msg::EmbedThis, "embed-builder", false),
        Tool::Scenarios => frame("scenarios.html", Msg::Scenarios, "scenarios-frame", true),
    };
    let embed = move |_| open(Tool::Embed);
    let scenarios = move |_| open(Tool::Scenarios);
    // A tool page opened on its own sent the reader here to open it (`#scenarios`, `#embed`):
    // over the planner once the planner is on screen, as its button does.
    if let Some(tool) = Tool::asked_in(&web::hash()) {
        web::set_hash("");
        request_animation_frame(move || open(tool));
    }
    let share = move |_| {
        let preset = s.preset.get_untracked();
        let fragment = s
            .plan
            .with_untracked(|p| codec::share_fragment(p, preset.as_deref()));
        web::set_hash(&fragment);
        let url = web::url();
        share_url.set(Some(url.clone()));
        // Say "copied" only once the browser has said so.
        leptos::task::spawn_local(async move {
            let copied = web::copy(&url).await;
            s.notice.set(Some(Notice::info(if copied {
                Msg::LinkCopied
            } else {
                Msg::LinkReady
            })));
        });
    };
    // The plan report (ui/print.rs, written by the analyses' binary, which loads on first use),
    // then the browser's print dialog ("Save as PDF" too); its verdict by the goal chosen in the
    // Bottleneck tab.
    let chosen = use_context::<super::analysis::ChosenGoal>();
    let print_plan = move || {
        let l = lang.get_untracked();
        let preset = s.preset.get_untracked();
        let goal = chosen.map(|g| g.0.get_untracked()).unwrap_or_default();
        let plan = s.plan.with_untracked(codec::plan_to_json);
        leptos::task::spawn_local(async move {
            let html = match web::plan_report(&plan, preset, goal, l).await {
                Ok(html) => html,
                Err(lines) => {
                    s.notice.set(Some(Notice::error(Msg::ReportFailed, lines)));
                    return;
                }
            };
            let root = web::print_section(&html);
            s.projection.with_untracked(|p| {
                let Ok(p) = p else { return };
                for (id, d) in [
                    (super::print::CHARTS[0], charts::revenue_by_channel(p)),
                    (super::print::CHARTS[1], charts::revenue_by_carriage(p)),
                ] {
                    let selector = format!("canvas[data-chart='{id}']");
                    if let Ok(Some(c)) = root.query_selector(&selector) {
                        super::chart::paint(c.unchecked_ref(), &d, 520.0, 170.0, l, &[]);
                    }
                }
            });
            web::print();
        });
    };
    let print = move |_| print_plan();
    // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) step through edits, except while typing in a field.
    // Ctrl+P (⌘P) prints the plan report, as the button does: the page itself, with its sliders
    // and buttons, makes a poor printout.
    let _keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if !(e.ctrl_key() || e.meta_key()) {
            return;
        }
        let key = e.key().to_ascii_lowercase();
        if key == "p" && !e.alt_key() {
            e.prevent_default();
            print_plan();
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.type_() == "text");
        if typing {
            return;
        }
        let redo = (key == "z" && e.shift_key()) || key == "y";
        if key == "z" || key == "y" {
            e.prevent_default();
            web::mark_input();
            s.undo_redo(redo);
        }
    });
    let export = move |_| {
        let text = s.plan.with_untracked(codec::plan_to_json);
        web::download("troika-plan.json", &text, "application/json");
    };
    let import = move |e: ev::Event| import_file(s, &e);
    // A button pressed until there is nothing left to undo (or redo) is disabled, and the
    // browser would drop the keyboard's focus to the page's body: it goes to the other one.
    let undo = move |e: ev::MouseEvent| {
        web::mark_input();
        s.undo_redo(false);
        web::focus_sibling_once_disabled(&e, true);
    };
    let redo = move |e: ev::MouseEvent| {
        web::mark_input();
        s.undo_redo(true);
        web::focus_sibling_once_disabled(&e, false);
    };
    // Disabled while the plan is the one loaded (nothing to go back to): the focus then goes
    // to Undo, which takes the step back.
    let reset = move |e: ev::MouseEvent| {
        web::mark_input();
        let plan = s.loaded.get_untracked();
        s.edit(plan);
        web::focus_sibling_once_disabled(&e, false);
    };
    view! {
        <nav class="toolbar">
            <button data-testid="undo" on:click=undo disabled=move || s.history.with(|h| !h.can_undo())>
                {tr(lang, Msg::Undo)}
            </button>
            <button data-testid="redo" on:click=redo disabled=move || s.history.with(|h| !h.can_redo())>
                {tr(lang, Msg::Redo)}
            </button>
            <button data-testid="reset" on:click=reset disabled=move || s.plan.with(|p| s.loaded.with(|l| p == l))>{tr(lang, Msg::Reset)}</button>
            <button data-testid="present" on:click=move |_| {
                if let Some(p) = use_context::<super::present::Presenting>() {
                    p.0.set(Some(0));
                }
            }>{tr(lang, Msg::Present)}</button>
            <button data-testid="share" on:click=share>{tr(lang, Msg::Share)}</button>
            <button data-testid="scenarios-open" aria-haspopup="dialog" on:click=scenarios>
                {tr(lang, Msg::Scenarios)}
            </button>
            <button data-testid="embed-open" aria-haspopup="dialog" on:click=embed>
                {tr(lang, Msg::EmbedThis)}
            </button>
            <button data-testid="print" on:click=print>{tr(lang, Msg::Print)}</button>
            <button data-testid="export" on:click=export>{tr(lang, Msg::Export)}</button>
            <label class="button">
                {tr(lang, Msg::Import)}
                <input data-testid="import" type="file" accept=".json,application/json" on:change=import />
            </label>
            <button
                data-testid="large-type"
                aria-pressed=move || large.get().to_string()
                on:click=move |_| large.update(|l| *l = !*l)
            >
                {tr(lang, Msg::LargeType)}
            </button>
            <button
                data-testid="lang"
                lang=move || lang.get().other().code()
                title=tr(lang, Msg::LanguageLabel)
                on:click=move |_| {
                    web::mark_input();
                    lang.update(|l| *l = l.other());
                }
            >
                {tr(lang, Msg::Language)}
            </button>
            // The page as one file for a USB stick (scripts/post-build.mjs writes it; that copy
            // hides this link).
            <a class="button" data-testid="offline-download" href="troika-offline.html" download>
                {tr(lang, Msg::OfflineCopy)}
            </a>
            <Show when=move || share_url.get().is_some()>
                <input class="share-url" data-testid="share-url" readonly prop:value=move || share_url.get().unwrap_or_default() />
            </Show>
        </nav>
    }
}

/// Brings the user's own plan back (a notice's button). What was done since is kept in its
/// turn, and offered back; otherwise the own plan, taken back, is no longer offered.
fn take_back(s: AppState, (plan, preset): Origin) {
    let untouched = s.case_plan_on_screen(false);
    match s.replace(plan, preset, untouched) {
        Some(kept) => {
            // The plan on screen is the user's own again, not a link's.
            web::storage_remove(LINK_PLAN_KEY);
            s.notice.set(Some(Notice {
                title: Msg::EditedKept,
                ..kept
            }));
        }
        None => {
            s.notice.set(None);
            for key in [BEFORE_LINK_KEY, BEFORE_LINK_PRESET_KEY, LINK_PLAN_KEY] {
                web::storage_remove(key);
            }
        }
    }
}

#[component]
pub(super) fn NoticeBar(
    /// What a notice's "Back to my plan" does ([`take_back`], the planner's). Given rather than
    /// called here: the widget and My scenarios, which show the bar but offer no plan back, do
    /// not carry it.
    #[prop(optional)]
    take_back: Option<fn(AppState, Origin)>,
) -> impl IntoView {
    let s = expect_context::<AppState>();
    move || {
        s.notice.get().map(|n| {
            let lang = s.lang;
            view! {
                <div class="notice" class:error=n.error role=if n.error { "alert" } else { "status" } data-testid="notice">
                    <strong>{move || n.title.tr(lang.get())}</strong>
                    <ul>{n.lines.into_iter().map(|l| view! { <li>{move || l.get(lang.get()).to_string()}</li> }).collect_view()}</ul>
                    {n.restore.zip(take_back).map(|(own, back)| view! {
                        <button data-testid="back-to-mine" on:click=move |e| {
                            web::mark_input();
                            web::focus_past_notice(&e);
                            back(s, own.clone());
                        }>{tr(lang, Msg::BackToMine)}</button>
                    })}
                    // A read-only widget has no inputs at all: its notices stay.
                    {use_context::<super::embed::ReadOnly>().is_none().then(|| view! {
                        <button class="close" on:click=move |e| {
                            web::focus_past_notice(&e);
                            s.notice.set(None);
                        }>{tr(lang, Msg::Close)}</button>
                    })}
                </div>
            }
        })
    }
}

#[component]
fn PresetPanel() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let reveal = RwSignal::new(false);
    let current = move || s.preset.get().and_then(|id| presets::get(&id));
    let choose = move |e: ev::Event| {
        let id = event_target_value(&e);
        if let Some(p) = presets::get(&id) {
            web::mark_input();
            reveal.set(false);
            // An edited plan is kept, and offered back (a trainer's untouched case is not).
            let untouched = s.case_plan_on_screen(true);
            if let Some(kept) = s.replace(p.plan.clone(), Some(p.id.clone()), untouched) {
                s.notice.set(Some(Notice {
                    title: Msg::EditedKept,
                    ..kept
                }));
            }
        }
    };
    // The fix's changes go onto the plan on screen, keeping the user's other edits; onto the
    // case's own plan only when they cannot (a channel they name was taken out).
    let apply_fix = move |_| {
        let Some(p) = current() else { return };
        let on_screen = p.fix.as_ref().and_then(|f| {
            s.plan
                .with_untracked(|plan| presets::apply(plan, &f.changes).ok())
        });
        if let Some(Ok(plan)) = on_screen.map(Ok).or_else(|| p.fixed_plan()) {
            web::mark_input();
            s.edit(plan);
        }
    };
    view! {
        <section class="preset" data-testid="preset-panel">
            <label>
                {tr(lang, Msg::Preset)}
                <select data-testid="preset" on:change=choose prop:value=move || s.preset.get().unwrap_or_default()>
                    <option value="" disabled=true>"—"</option>
                    {presets::all()
                        .iter()
                        .map(|p| {
                            let id = p.id.clone();
                            view! { <option value=id>{move || p.title.get(lang.get()).to_string()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <GoalBar />
            {move || s.scenario_on_screen().map(|name| view! {
                <p class="on-screen" data-testid="scenario-on-screen">{tr(lang, Msg::ScenarioOnScreen)}" "<strong>{name}</strong></p>
            })}
            {move || {
                current().map(|p| {
                    let l = lang.get();
                    view! {
                        <div class="story">
                            <h2 data-testid="preset-title">{p.title.get(l).to_string()}</h2>
                            <p data-testid="preset-story">{p.story.get(l).to_string()}</p>
                            {p.stuck.as_ref().map(|stuck| view! {
                                <p class="stuck">
                                    <strong>{Msg::StuckLever.tr(l)}</strong>{stuck.text.get(l).to_string()}" "
                                    <button class="link" data-testid="show-bottleneck" on:click=move |_| { web::show_analysis("bottleneck"); }>
                                        {Msg::FindBottleneck.tr(l)}
                                    </button>
                                </p>
                            })}
                            {p.fix.as_ref().map(|fix| {
                                let text = fix.text.get(l).to_string();
                                view! {
                                    <button data-testid="reveal-fix" on:click=move |_| reveal.update(|r| *r = !*r)>
                                        {move || if reveal.get() { Msg::HideFix.tr(lang.get()) } else { Msg::RevealFix.tr(lang.get()) }}
                                    </button>
                                    <Show when=move || reveal.get()>
                                        <p class="fix" data-testid="fix-text">{text.clone()}</p>
                                        <button data-testid="apply-fix" on:click=apply_fix>{tr(lang, Msg::ApplyFix)}</button>
                                    </Show>
                                }
                            })}
                        </div>
                    }
                })
            }}
        </section>
    }
}

/// The horizon and the monthly revenue target: what a sales manager plans towards.
#[component]
fn GoalBar() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let error = RwSignal::new(None::<Text>);
    // What was typed, kept in the box while its refusal stands; the target the box was last
    // written with (its bits) and the plan it came with (`generation`).
    let typed = RwSignal::new(None::<String>);
    let written = std::cell::Cell::new((u64::MAX, 0));
    let target_lever = Lever {
        path: "target_revenue_cny".into(),
        field: &crate::plan::fields::TARGET_REVENUE,
        carriage: Carriage::Traffic,
        channel: None,
        advanced: false,
    };
    // The plan at the longest horizon it had since it was loaded, with every edit since (and
    // the load it belongs to): a horizon set back longer brings back the months a cut hid.
    let longest = std::cell::Cell::new(None::<(u32, Plan)>);
    let set_horizon = move |e: ev::Event| {
        if let Ok(h) = event_target_value(&e).parse::<usize>() {
            web::mark_input();
            let now = s.plan.get_untracked();
            let load = s.generation.get_untracked();
            let full = match longest.take() {
                Some((g, p)) if g == load => {
                    now.with_horizon_restoring(p.horizon_months.max(now.horizon_months), &p)
                }
                _ => now,
            };
            s.edit(full.with_horizon(h));
            longest.set(Some((load, full)));
        }
    };
    let set_target = move |e: ev::Event| {
        let text = event_target_value(&e);
        let l = lang.get_untracked();
        let target = if text.trim().is_empty() {
            Ok(None)
        } else {
            target_lever.parse_input(&text, l).map(Some)
        };
        match target {
            Ok(t) => {
                web::mark_input();
                let mut next = s.plan.get_untracked();
                next.target_revenue_cny = t.map(crate::plan::Series::Flat);
                match next.validate() {
                    Ok(()) => {
                        error.set(None);
                        s.edit(next);
                    }
                    Err(e) => error.set(i18n::first_error(&e)),
                }
            }
            Err(_) => error.set(Some(i18n::typed_refusal(&target_lever, &text))),
        }
        typed.set(Some(text));
    };
    view! {
        <div class="goal">
            <label>
                {tr(lang, Msg::Horizon)}
                <select data-testid="horizon" on:change=set_horizon prop:value=move || s.plan.with(|p| p.horizon_months.to_string())>
                    {[1usize, 3, 6, 12, 18, 24, 36, 48, 60]
                        .into_iter()
                        .map(|h| {
                            // `i18n::months`, written out: called, it costs the page 26 bytes.
                            let unit = if h == 1 { Msg::OneMonth } else { Msg::Months };
                            view! { <option value=h.to_string()>{move || format!("{h} {}", unit.tr(lang.get()))}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, Msg::Target)}
                <input
                    type="text"
                    class="number"
                    inputmode="decimal"
                    data-testid="target"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    placeholder=tr(lang, Msg::TargetHint)
                    prop:value=move || {
                        // Another target (another plan, Undo): the box is written anew, and a
                        // refusal of what was typed there goes. Otherwise (the language, an edit
                        // elsewhere) a refused entry stays, as its error does.
                        let (target, l) = (s.plan.with(|p| p.target_revenue_cny.as_ref().map(|t| t.at(0))), lang.get());
                        let bits = (target.map_or(u64::MAX, f64::to_bits), s.generation.get());
                        box_text(written.replace(bits) != bits, error, typed, || {
                            target.map(|t| web::format(l, NumberKind::Plain, t)).unwrap_or_default()
                        })
                    }
                    on:change=set_target
                />
            </label>
            // A monthly target schedule (from a file) shows its first month: say so, and what
            // typing does.
            <p class="note" data-testid="target-varies">{move || {
                let varies = s.plan.with(|p| match &p.target_revenue_cny {
                    Some(crate::plan::Series::Monthly(v)) => v.iter().any(|x| *x != v[0]),
                    _ => false,
                });
                varies.then(|| Msg::TargetVaries.tr(lang.get()))
            }}</p>
            <p class="field-error" role="alert">{refusal_shown(lang, error)}</p>
        </div>
    }
}

#[component]
fn AssumptionPanel() -> impl IntoView {
    let s = expect_context::<AppState>();
    // The lever list follows the plan's structure (channels), not its values.
    let list = Memo::new(move |_| s.loaded.with(levers::levers));
    let group = move |carriage: Carriage| {
        let lang = s.lang;
        view! {
            <fieldset class="carriage" data-carriage=carriage.id()>
                <legend>{move || carriage.label(lang.get())}</legend>
                <For
                    each=move || {
                        let g = s.generation.get();
                        list.get().into_iter().filter(move |l| l.carriage == carriage && !l.advanced).map(move |l| (g, l))
                    }
                    key=|(g, l)| (*g, l.path.clone())
                    children=move |(_, l)| view! { <LeverRow lever=l /> }
                />
                <details>
                    <summary>{tr(lang, Msg::Advanced)}</summary>
                    <For
                        each=move || {
                            let g = s.generation.get();
                            list.get().into_iter().filter(move |l| l.carriage == carriage && l.advanced).map(move |l| (g, l))
                        }
                        key=|(g, l)| (*g, l.path.clone())
                        children=move |(_, l)| view! { <LeverRow lever=l /> }
                    />
                </details>
            </fieldset>
        }
    };
    view! {
        <div class="panel">
            {group(Carriage::Traffic)}
            {group(Carriage::Operations)}
            {group(Carriage::Membership)}
        </div>
    }
}

/// One lever's slider and number box, editing the plan on screen (the assumption panel and
/// presenter mode's "what if" drawer).
#[component]
pub(super) fn LeverRow(
    lever: Lever,
    /// Put before the controls' ids where the lever shows twice (the "what if" drawer).
    #[prop(optional)]
    scope: &'static str,
    /// Its label, when not [`Lever::label`] (the drawer's, `Lever::room_label`): a function
    /// given, so that the planner's page carries none of it.
    #[prop(optional)]
    label: Option<fn(&Lever, Lang) -> String>,
) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let path = lever.path.clone();
    let id = format!("{scope}lever-{}", path.replace('.', "-"));
    // Its value and whether its months differ (a schedule from a file), from one look-up.
    let shown = {
        let path = path.clone();
        Memo::new(move |_| {
            s.plan
                .with(|p| levers::shown(p, &path))
                .unwrap_or((0.0, false))
        })
    };
    let value = move || shown.get().0;
    let loaded_value = {
        let path = path.clone();
        s.loaded
            .with_untracked(|p| levers::get(p, &path))
            .unwrap_or(0.0)
    };
    let (min, max, step) = lever.slider(loaded_value);
    let error = RwSignal::new(None::<Text>);
    // What was typed and refused, kept in the box while the refusal stands (a switch of
    // language writes the box anew).
    let typed = RwSignal::new(None::<String>);
    // The value the number box was last written with (its bits; none yet).
    let written = std::cell::Cell::new(u64::MAX);
    let lever = std::sync::Arc::new(lever);

    let on_slide = {
        let (path, lever) = (path.clone(), lever.clone());
        move |e: ev::Event| {
            web::mark_input();
            let Some(shown) = crate::plan::lang::read_decimal(&event_target_value(&e)) else {
                return;
            };
            let v = lever.from_display(shown);
            match s.plan.with_untracked(|p| levers::set(p, &path, v)) {
                Ok(next) => {
                    error.set(None);
                    s.lever_edit.set_value(Some((path.clone(), v)));
                    s.preview(next);
                }
                Err(e) => {
                    typed.set(None);
                    error.set(i18n::first_error(&e));
                }
            }
        }
    };
    let on_type = {
        let (path, lever) = (path.clone(), lever.clone());
        move |e: ev::Event| {
            web::mark_input();
            let text = event_target_value(&e);
            match lever.parse_input(&text, lang.get_untracked()) {
                Ok(v) => match s.plan.with_untracked(|p| levers::set(p, &path, v)) {
                    Ok(next) => {
                        error.set(None);
                        s.lever_edit.set_value(Some((path.clone(), v)));
                        s.edit(next);
                        // "50万" reads back as "500,000", even when the value did not change.
                        event_target::<web_sys::HtmlInputElement>(&e)
                            .set_value(&lever.shown_input(v, lang.get_untracked()));
                    }
                    Err(e) => {
                        typed.set(Some(text));
                        error.set(i18n::first_error(&e));
                    }
                },
                Err(_) => {
                    error.set(Some(i18n::typed_refusal(&lever, &text)));
                    typed.set(Some(text));
                }
            }
        }
    };
    let label = label.unwrap_or(Lever::label);
    let label_lever = lever.clone();
    let aria_lever = lever.clone();
    let text_lever = lever.clone();
    let unit = if lever.percent() { "%" } else { "" };
    view! {
        <div class="lever" data-lever=path.clone() class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{move || label(&label_lever, lang.get())}</label>
            <div class="controls">
                <input
                    type="range"
                    id=id.clone()
                    // Numbers as properties: the browser writes them, so the page's wasm
                    // carries no float formatting of its own for them.
                    prop:min=min
                    prop:max={
                        // Not made shorter during a drag: the scale stays under the pointer.
                        let (lever, shown) = (lever.clone(), std::cell::Cell::new(max));
                        move || {
                            let top = lever.slider_top(max, value());
                            let dragging = s.history.with_untracked(History::dragging);
                            shown.set(if dragging { top.max(shown.get()) } else { top });
                            shown.get()
                        }
                    }
                    prop:step=step
                    prop:value=move || lever.to_display(value())
                    on:input=on_slide
                    on:change=move |_| s.history.update(|h| h.commit())
                />
                <input
                    type="text"
                    class="number"
                    inputmode="decimal"
                    aria-label=move || label(&aria_lever, lang.get())
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || {
                        // The plan's value changed (Undo, another plan, the slider): the box is
                        // written anew with it, and a refusal of what was typed there goes.
                        // Otherwise (the language) a refused entry stays, as its error does.
                        let (v, l) = (value(), lang.get());
                        box_text(written.replace(v.to_bits()) != v.to_bits(), error, typed, || {
                            text_lever.shown_input(v, l)
                        })
                    }
                    on:change=on_type
                />
                <span class="unit">{unit}</span>
            </div>
            // A monthly schedule (from a file) shows its first month: say so, and what moving
            // it does.
            <p class="note" data-testid="lever-varies">
                {move || shown.get().1.then(|| Msg::LeverVaries.tr(lang.get()))}
            </p>
            <p class="field-error" role="alert">{refusal_shown(lang, error)}</p>
        </div>
    }
}

fn format_kpi(lang: Lang, format: Format, v: Option<f64>) -> String {
    match v {
        None => "—".to_string(),
        Some(v) => match format {
            Format::Money => web::format(lang, NumberKind::Money, v),
            // Whole people and orders: a change of "+886.5 returning customers" reads oddly.
            Format::Count => web::format(lang, NumberKind::Count, v.round()),
            Format::Ratio => web::format(lang, NumberKind::Ratio, v),
        },
    }
}

#[component]
pub(super) fn KpiCards(
    /// These cards only, in this order (the widget's `kpis`); every card when left out.
    #[prop(optional)]
    only: Option<Vec<&'static str>>,
) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    // The plan as loaded over the months on screen: changes compare the same months.
    let horizon = Memo::new(move |_| s.plan.with(|p| p.horizon_months));
    let loaded = Memo::new_with_compare(
        move |_| {
            let h = horizon.get();
            s.loaded.with(|p| kpi::baseline(p, h))
        },
        |_, _| true,
    );
    let cards = Memo::new(move |_| {
        let all = s.projection.with(|p| match (p, loaded.get()) {
            (Ok(p), Some(l)) => kpi::kpis(p, &l),
            (Ok(p), None) => kpi::kpis(p, p),
            _ => Vec::new(),
        });
        match &only {
            Some(ids) => kpi::pick(all, ids),
            None => all,
        }
    });
    view! {
        <div class="kpis">
            <For
                each=move || cards.get()
                key=|k| k.id
                children=move |k| {
                    let id = k.id;
                    let card = Memo::new(move |_| cards.with(|c| c.iter().find(|x| x.id == id).cloned()));
                    view! {
                        <div class="kpi" data-kpi=id>
                            <span class="label">{move || card.with(|c| c.as_ref().map(|c| c.label.tr(lang.get())))}</span>
                            <span class="period" data-testid=format!("kpi-{id}-period")>{move || card.with(|c| c.as_ref().map(|c| c.period.get(lang.get()).to_string()))}</span>
                            <output class="value" data-testid=format!("kpi-{id}")>
                                {move || card.with(|c| c.as_ref().map(|c| format_kpi(lang.get(), c.format, c.value)))}
                            </output>
                            <span class="delta" class:good=move || card.with(|c| c.as_ref().is_some_and(|c| c.shown_delta().is_some_and(|d| (d > 0.0) == c.higher_is_better)))
                                class:bad=move || card.with(|c| c.as_ref().is_some_and(|c| c.shown_delta().is_some_and(|d| (d > 0.0) != c.higher_is_better)))>
                                {move || card.with(|c| c.as_ref().and_then(|c| {
                                    let d = c.shown_delta()?;
                                    let sign = if d > 0.0 { "+" } else { "−" };
                                    Some(format!("{sign}{} {}", format_kpi(lang.get(), c.format, Some(d.abs())), Msg::VsLoaded.tr(lang.get())))
                                }))}
                            </span>
                        </div>
                    }
                }
            />
        </div>
    }
}

#[component]
fn MonthTable() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    // Folded by default: while folded its rows are not rendered, so slider moves do not pay for
    // formatting a row per month.
    let open = RwSignal::new(false);
    let months = Memo::new(move |_| {
        s.projection
            .with(|p| p.as_ref().map_or(0, |p| p.months.len()))
    });
    let cell = move |t: usize, i: usize| {
        s.projection.with(|p| {
            let m = p.as_ref().ok()?.months.get(t)?;
            Some(super::csv::month_figures(m)[i])
        })
    };
    let label = move |t: usize| {
        s.projection
            .with(|p| p.as_ref().map(|p| p.start.label(t)).unwrap_or_default())
    };
    let heads = super::csv::MONTH_COLUMNS;
    let kinds = [
        NumberKind::MoneyFull,
        NumberKind::CountFull,
        NumberKind::CountFull,
        NumberKind::CountFull,
        NumberKind::MoneyFull,
        NumberKind::MoneyFull,
    ];
    view! {
        <details class="table" prop:open=move || open.get() on:toggle=move |e| {
            let now = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
            open.set(now);
        }>
            <summary data-testid="month-table-toggle">{tr(lang, Msg::Table)}</summary>
            // CSV for Excel and WPS (ui/csv.rs): the table, and one row per month and channel.
            <p class="csv">
                <button data-testid="csv-months" on:click=move |_| {
                    s.projection.with_untracked(|p| if let Ok(p) = p {
                        web::download("troika-months.csv", &super::csv::months(p, lang.get_untracked()), "text/csv;charset=utf-8");
                    });
                }>{tr(lang, Msg::CsvMonths)}</button>" "
                <button data-testid="csv-channels" on:click=move |_| {
                    s.projection.with_untracked(|p| if let Ok(p) = p {
                        web::download("troika-channels.csv", &super::csv::channels(p, lang.get_untracked()), "text/csv;charset=utf-8");
                    });
                }>{tr(lang, Msg::CsvChannels)}</button>" "
                // The plan's inputs month by month, to edit in a spreadsheet and bring back in
                // "My scenarios".
                <button data-testid="csv-schedules" on:click=move |_| {
                    let text = s.plan.with_untracked(|p| codec::csv::schedules(p, lang.get_untracked()));
                    web::download("troika-schedules.csv", &text, "text/csv;charset=utf-8");
                }>{tr(lang, Msg::CsvSchedules)}</button>
            </p>
            <Show when=move || open.get()>
                <div class="scroll" tabindex="0" role="region" aria-label=tr(lang, Msg::Table)>
                    <table data-testid="month-table">
                        <thead>
                            <tr>
                                <th>{tr(lang, Msg::Month)}</th>
                                {heads.iter().map(|h| { let h = *h; view! { <th>{move || h.tr(lang.get())}</th> } }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || 0..months.get()
                                key=|t| *t
                                children=move |t| view! {
                                    <tr>
                                        <th scope="row">{move || label(t)}</th>
                                        {(0..6).map(|i| view! {
                                            <td>{move || cell(t, i).map(|v| web::format(lang.get(), kinds[i], v))}</td>
                                        }).collect_view()}
                                    </tr>
                                }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
        </details>
    }
}
