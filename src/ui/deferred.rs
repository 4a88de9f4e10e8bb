//! What the planner's page loads on first use: the binary `troika-analyses` (src/analyses.rs)
//! holds the analyses panel (`analysis::AnalysisPanel`: the five tabs, Monte Carlo's workers),
//! presenter mode (`present::Presenter`), the plan report and `window.troika`'s analyses, so the
//! planner's own wasm carries none of them. This module is both sides of the hand-over:
//! - the planner's: [`Deferred`], one per page, which loads the binary the first time a part of
//!   it is needed and passes it the planner's state; [`AnalysisSlot`] and [`PresenterSlot`], the
//!   places its views go;
//! - the binary's: [`mount`], which starts a view in a place, over one [`Mirror`] of the
//!   planner's state that every view of the binary shares; [`plan_report`].
//!
//! The two wasm instances share the document and the crate's JS snippets (one module instance:
//! the same file), not memory. The planner passes its state as plain values, each a kind and a
//! value ([`PLAN`] and the rest: a plan as its JSON file, as share links and the worker take it;
//! a lever's move as that lever's path and value, [`LEVER`]), once as the binary starts and then
//! each change; the mirror keeps an `AppState` of its own (as the widget does) that follows
//! them, and hands back what its views change: edits (an applied reverse plan or budget, the
//! presenter's fix; a drag in the presenter's "what if" drawer as a drag, so it stays one Undo,
//! each move as the lever's path and value), the preset let go, the goal chosen in the
//! Bottleneck tab (kept by the planner for the plan report) and the presenter's step. Each side
//! passes on only what differs from what the other last sent, so nothing echoes.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::analysis::{AnalysisPanel, ChosenGoal};
use super::app::tr;
use super::app::{AppState, LargeType, Step};
use super::history::History;
use super::i18n::Msg;
use super::present::{Presenter, Presenting};
use super::web;
use crate::analysis::sensitivity::Goal;
use crate::codec;
use crate::plan::levers;
use crate::plan::{Lang, Plan};

/// The plan on screen, as a plan file's JSON text.
const PLAN: &str = "plan";
/// The plan on screen when a lever's move made it from the plan both sides last had, as that
/// lever's path and value (JSON `[path, value]`): the binary sets it as the planner did, ten
/// times quicker than it reads a whole plan. The binary's lever moves (the presenter's "what
/// if" drawer) come back the same way, to the planner's `edit` and `preview`.
const LEVER: &str = "lever";
/// The plan as loaded (KPI deltas and the budget's bounds refer to it), as JSON text.
const LOADED: &str = "loaded";
/// The preset's id, or null.
const PRESET: &str = "preset";
/// How many plans have been loaded: a tab sized for the plan as loaded is made anew.
const GENERATION: &str = "generation";
/// `en` or `zh`.
const LANG: &str = "lang";
/// Whether the page is in large type.
const LARGE: &str = "large";
/// The bottleneck finder's goal, as JSON (`Goal`).
const GOAL: &str = "goal";
/// Presenter mode's step (0-based), or null when it is off.
const PRESENTING: &str = "presenting";

/// The views the binary can start, by the name [`mount`] takes.
const PANEL: &str = "panel";
const PRESENTER: &str = "presenter";

/// How far loading the binary has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Waiting,
    Loading,
    Ready,
    Failed,
}

/// The planner's side: the binary's loading and the hand-over to it. One per page, in context.
#[derive(Clone, Copy)]
pub struct Deferred {
    load: RwSignal<Load>,
    /// The binary's entry for the planner's changes, once it runs.
    update: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// What the binary calls: `get(kind)`, `edit`, `preview`, `commit`, `goal`, `preset`,
    /// `present`.
    host: StoredValue<js_sys::Object, LocalStorage>,
}

/// The parts of the planner's state the binary follows.
#[derive(Clone, Copy)]
struct Planner {
    state: AppState,
    goal: RwSignal<Goal>,
    large: RwSignal<bool>,
    presenting: RwSignal<Option<usize>>,
}

impl Planner {
    /// `kind`'s value now (read reactively: an effect that calls it follows that part).
    fn value(self, kind: &str) -> JsValue {
        let s = self.state;
        match kind {
            PLAN => s.plan.with(codec::plan_to_json).into(),
            LOADED => s.loaded.with(codec::plan_to_json).into(),
            PRESET => s.preset.get().map_or(JsValue::NULL, JsValue::from),
            GENERATION => s.generation.get().into(),
            LANG => s.lang.get().tag().into(),
            LARGE => self.large.get().into(),
            GOAL => serde_json::to_string(&self.goal.get())
                .unwrap_or_default()
                .into(),
            PRESENTING => self
                .presenting
                .get()
                .map_or(JsValue::NULL, |i| (i as f64).into()),
            _ => JsValue::UNDEFINED,
        }
    }
}

/// `now` (the plan on screen of `state`, either side's) as the other side can make it from
/// `had` (the plan both sides last had): the last lever's path and value as JSON
/// `[path, value]` ([`LEVER`]), and that plan, when setting that lever on `had` gives exactly
/// `now` (a slider's move, a typed value); `None` for any other change (undo, a preset, an
/// applied analysis), which goes as the whole plan.
fn lever_move(state: AppState, had: &Plan, now: &Plan) -> Option<(String, Plan)> {
    let (path, v) = state.lever_edit.get_value()?;
    let next = levers::set(had, &path, v).ok()?;
    if next != *now {
        return None;
    }
    Some((serde_json::to_string(&(path, v)).ok()?, next))
}

/// The plan `had` with the lever move `json` ([`LEVER`]) made on it, as [`lever_move`] sent it;
/// `None` when it does not read or the lever refuses the value.
fn lever_made(had: &Plan, json: &str) -> Option<Plan> {
    let (path, v) = serde_json::from_str::<(String, f64)>(json).ok()?;
    levers::set(had, &path, v).ok()
}

fn step_of(value: &JsValue) -> Option<usize> {
    value.as_f64().filter(|v| *v >= 0.0).map(|v| v as usize)
}

/// A JS function of one string argument, for the host object.
fn with_text(f: impl Fn(String) + 'static) -> JsValue {
    Closure::<dyn Fn(String)>::new(f).into_js_value()
}

/// A JS function of one string argument that answers whether it took it.
fn taking_text(f: impl Fn(String) -> bool + 'static) -> JsValue {
    Closure::<dyn Fn(String) -> bool>::new(f).into_js_value()
}

impl Deferred {
    /// The hand-over for the planner's state; nothing loads until a place asks
    /// ([`Deferred::mount`]).
    pub fn new(
        state: AppState,
        goal: RwSignal<Goal>,
        large: RwSignal<bool>,
        presenting: RwSignal<Option<usize>>,
    ) -> Deferred {
        let planner = Planner {
            state,
            goal,
            large,
            presenting,
        };
        let s = state;
        // The last plan the binary sent: it is not sent back to it.
        let from_binary = StoredValue::new(None::<Plan>);
        // The plan the binary has: the last one either side sent the other.
        let binary_has = StoredValue::new(None::<Plan>);
        // A plan from the binary: a plan file's JSON, or a lever's move ([`LEVER`], a JSON
        // array) on the plan both sides last had.
        let plan_from = move |json: &str| {
            let plan = if json.starts_with('[') {
                binary_has.with_value(|b| lever_made(b.as_ref()?, json))?
            } else {
                codec::plan_from_json(json).ok()?
            };
            from_binary.set_value(Some(plan.clone()));
            binary_has.set_value(Some(plan.clone()));
            Some(plan)
        };
        let host = js_sys::Object::new();
        let get = Closure::<dyn Fn(String) -> JsValue>::new(move |kind: String| {
            if kind == PLAN {
                binary_has.set_value(Some(state.plan.get_untracked()));
            }
            untrack(|| planner.value(&kind))
        })
        .into_js_value();
        let edit = taking_text(move |json| plan_from(&json).map(|plan| s.edit(plan)).is_some());
        let preview =
            taking_text(move |json| plan_from(&json).map(|plan| s.preview(plan)).is_some());
        let commit =
            Closure::<dyn Fn()>::new(move || s.history.update(|h| h.commit())).into_js_value();
        let choose = with_text(move |json| {
            if let Ok(g) = serde_json::from_str::<Goal>(&json) {
                if goal.get_untracked() != g {
                    goal.set(g);
                }
            }
        });
        // The presenter let the preset go (`AppState::edit_past_preset`, which kept that).
        let preset = Closure::<dyn Fn(JsValue)>::new(move |id: JsValue| {
            let id = id.as_string();
            if s.preset.get_untracked() != id {
                match id {
                    // Left with the fix in: the planner says what it shows, and the way back.
                    None => {
                        s.let_preset_go();
                        s.notice.set(Some(super::app::Notice::info(Msg::FixKept)));
                    }
                    Some(_) => s.preset.set(id),
                }
            }
        })
        .into_js_value();
        let present = Closure::<dyn Fn(JsValue)>::new(move |step: JsValue| {
            let step = step_of(&step);
            if presenting.get_untracked() != step {
                presenting.set(step);
            }
        })
        .into_js_value();
        for (key, f) in [
            ("get", get),
            ("edit", edit),
            ("preview", preview),
            ("commit", commit),
            ("goal", choose),
            ("preset", preset),
            ("present", present),
        ] {
            let _ = js_sys::Reflect::set(&host, &key.into(), &f);
        }
        let load = RwSignal::new(Load::Waiting);
        let update = StoredValue::new_local(None::<js_sys::Function>);
        // Each change, once the binary runs: the kinds one by one, in the order a new plan sets
        // them.
        for kind in [
            LOADED, PRESET, GENERATION, GOAL, LANG, LARGE, PLAN, PRESENTING,
        ] {
            Effect::new(move |_| {
                // The plan is followed from the start, so that this effect comes before the
                // planner's own (charts, KPIs) after an edit: the binary's analyses then set
                // their timers early in the input's task, and run before the next frame.
                if kind == PLAN {
                    state.plan.track();
                }
                if load.get() != Load::Ready {
                    return;
                }
                if kind == PLAN {
                    if state
                        .plan
                        .with(|p| from_binary.with_value(|b| b.as_ref() == Some(p)))
                    {
                        return;
                    }
                    // Any other plan goes, and then that one too if it comes back (Undo, Redo).
                    from_binary.set_value(None);
                }
                let lever = if kind == PLAN {
                    let (lever, next) = state.plan.with_untracked(|now| {
                        let lever = binary_has.with_value(|b| lever_move(state, b.as_ref()?, now));
                        match lever {
                            Some((json, next)) => (Some(json), next),
                            None => (None, now.clone()),
                        }
                    });
                    binary_has.set_value(Some(next));
                    lever.map(|json| (LEVER, JsValue::from(json)))
                } else {
                    None
                };
                let (kind, v) = lever.unwrap_or_else(|| (kind, planner.value(kind)));
                update.with_value(|f| {
                    if let Some(f) = f {
                        let _ = f.call2(&JsValue::NULL, &kind.into(), &v);
                    }
                });
            });
        }
        Deferred {
            load,
            update,
            host: StoredValue::new_local(host),
        }
    }

    /// Loads the binary if it has not loaded yet and starts its view `what` in `el`; `false`
    /// when it cannot load (offline before the first visit, a build without it).
    async fn mount(self, what: &str, el: &web_sys::HtmlElement) -> bool {
        if self.load.get_untracked() != Load::Ready {
            self.load.set(Load::Loading);
        }
        let host = self.host.get_value();
        match web::mount_deferred(what, el, &host).await {
            Some(update) => {
                if self.load.get_untracked() != Load::Ready {
                    self.update.set_value(Some(update));
                    self.load.set(Load::Ready);
                }
                true
            }
            None => {
                if self.load.get_untracked() != Load::Ready {
                    self.load.set(Load::Failed);
                }
                false
            }
        }
    }
}

/// Where the analyses go in the planner: a place that starts the panel the first time it comes
/// near the screen (as the tabs themselves first compute), says so while the binary loads, and
/// offers a retry if it cannot.
#[component]
pub fn AnalysisSlot() -> impl IntoView {
    let s = expect_context::<AppState>();
    let deferred = expect_context::<Deferred>();
    let lang = s.lang;
    let place = NodeRef::<leptos::html::Div>::new();
    let slot = NodeRef::<leptos::html::Div>::new();
    let visible = RwSignal::new(false);
    let shown = RwSignal::new(None::<bool>); // started, or could not
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(el) = place.get() {
            web::track_visibility(&el, visible);
        }
    });
    Effect::new(move |_| {
        if !visible.get() || asked.get_value() {
            return;
        }
        let Some(el) = slot.get_untracked() else {
            return;
        };
        asked.set_value(true);
        leptos::task::spawn_local(async move {
            let ok = deferred.mount(PANEL, &el).await;
            shown.set(Some(ok));
            asked.set_value(ok);
        });
    });
    let retry = move |_| {
        web::mark_input();
        shown.set(None);
        visible.set(false);
        visible.set(true);
    };
    view! {
        <div class="analyses-place" node_ref=place>
            <Show when=move || shown.get().is_none()>
                <section class="analyses loading" aria-busy="true" data-testid="analyses-loading">
                    <h2>{tr(lang, Msg::Analyses)}</h2>
                    <p class="note">{tr(lang, Msg::AnalysesLoading)}</p>
                </section>
            </Show>
            <Show when=move || shown.get() == Some(false)>
                <section class="analyses" role="alert" data-testid="analyses-failed">
                    <h2>{tr(lang, Msg::Analyses)}</h2>
                    <p>{tr(lang, Msg::AnalysesFailed)}" "
                        <button data-testid="analyses-retry" on:click=retry>{tr(lang, Msg::Retry)}</button>
                    </p>
                </section>
            </Show>
            // The binary's panel goes here; the planner never touches what is inside.
            <div node_ref=slot></div>
        </div>
    }
}

/// Where presenter mode goes while it is on (the planner shows it while `Presenting` holds a
/// step): the binary's presenter starts here, or a message with a way back to the planner.
#[component]
pub fn PresenterSlot() -> impl IntoView {
    let s = expect_context::<AppState>();
    let deferred = expect_context::<Deferred>();
    let Presenting(at) = expect_context::<Presenting>();
    let lang = s.lang;
    let slot = NodeRef::<leptos::html::Div>::new();
    let shown = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        let Some(el) = slot.get() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let ok = deferred.mount(PRESENTER, &el).await;
            // Closed while it loaded: the binary took the step as off and shows nothing.
            let _ = shown.try_set(Some(ok));
        });
    });
    view! {
        <div class="present-place">
            <Show when=move || shown.get() == Some(false)>
                <div class="present" role="alertdialog" aria-modal="true" data-testid="presenter-failed">
                    <p>{tr(lang, Msg::AnalysesFailed)}</p>
                    <button on:click=move |_| at.set(None)>{tr(lang, Msg::ExitPresent)}</button>
                </div>
            </Show>
            <div node_ref=slot></div>
        </div>
    }
}

/// The binary's copy of the planner's state, shared by every view it starts.
#[derive(Clone, Copy)]
struct Mirror {
    state: AppState,
    goal: RwSignal<Goal>,
    large: RwSignal<bool>,
    at: RwSignal<Option<usize>>,
    /// What the planner last sent, or last took from here: only a change from it goes back.
    sent: StoredValue<Sent>,
}

/// The planner's last known values of what the binary can change.
struct Sent {
    plan: Plan,
    goal: Goal,
    preset: Option<String>,
    at: Option<usize>,
    /// Whether the last plan went as part of a drag.
    dragging: bool,
}

thread_local! {
    /// The mirror, once the first view starts, with the owner of its signals and effects (a
    /// root: they live as long as the page).
    static MIRROR: RefCell<Option<(Mirror, Owner, bool)>> = const { RefCell::new(None) };
    /// The presenter's view while it is on: dropping it takes the view and its listeners away.
    static PRESENTER_VIEW: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Calls the planner's `name` with `arg`.
fn call(host: &JsValue, name: &str, arg: &JsValue) -> JsValue {
    js_sys::Reflect::get(host, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(host, arg).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

impl Mirror {
    /// The mirror, made from the planner's state as `host` gives it now on the first call
    /// (outside any view, so that its owner is a root). `None` when the planner's plans do not
    /// read (never from a planner of the same build).
    fn get_or_read(host: &JsValue) -> Option<Mirror> {
        MIRROR.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.is_none() {
                let owner = Owner::new();
                *cell = owner.with(|| Mirror::read(host)).map(|m| (m, owner, false));
            }
            cell.as_ref().map(|(m, _, _)| *m)
        })
    }

    /// Starts handing the binary's changes back to `host`, once: called in a view, when the
    /// executor that runs effects is set up (by `mount_to`), with the mirror's own owner.
    fn follow_once(host: &JsValue) {
        let first = MIRROR.with(|cell| {
            let mut cell = cell.borrow_mut();
            let (m, owner, following) = cell.as_mut()?;
            if *following {
                return None;
            }
            *following = true;
            Some((*m, owner.clone()))
        });
        if let Some((m, owner)) = first {
            owner.with(|| m.follow(host.clone()));
        }
    }

    fn read(host: &JsValue) -> Option<Mirror> {
        let get = |kind: &str| call(host, "get", &kind.into());
        let text = |kind: &str| get(kind).as_string().unwrap_or_default();
        let plan = codec::plan_from_json(&text(PLAN)).ok()?;
        let loaded = codec::plan_from_json(&text(LOADED)).ok()?;
        let lang = Lang::from_tag(&text(LANG));
        let preset = get(PRESET).as_string();
        let goal = serde_json::from_str::<Goal>(&text(GOAL)).unwrap_or_default();
        let at = step_of(&get(PRESENTING));
        let origin = std::sync::Arc::new((loaded, preset.clone()));
        let first = Step {
            plan: plan.clone(),
            origin,
        };
        let state = AppState::new(lang, History::new(first, 2), None);
        state
            .generation
            .set(get(GENERATION).as_f64().unwrap_or(0.0) as u32);
        let m = Mirror {
            state,
            goal: RwSignal::new(goal),
            large: RwSignal::new(get(LARGE).is_truthy()),
            at: RwSignal::new(at),
            sent: StoredValue::new(Sent {
                plan,
                goal,
                preset,
                at,
                dragging: false,
            }),
        };
        Some(m)
    }

    /// Effects that hand the binary's changes back to the planner.
    fn follow(self, host: JsValue) {
        let Mirror {
            state: s,
            goal,
            at,
            sent,
            ..
        } = self;
        let to = host.clone();
        Effect::new(move |_| {
            s.history.with(|h| {
                let dragging = h.dragging();
                let p = &h.present().plan;
                let (changed, was_dragging) = sent.with_value(|x| (x.plan != *p, x.dragging));
                if changed {
                    let kind = if dragging { "preview" } else { "edit" };
                    // A lever's move (the "what if" drawer) goes as the lever's path and
                    // value; the whole plan if the planner cannot make it (never, while both
                    // sides agree on the plan they last had) or for any other change.
                    let lever = sent.with_value(|x| lever_move(s, &x.plan, p));
                    let (next, taken) = match lever {
                        Some((json, next)) => {
                            let taken = call(&to, kind, &json.into()).is_truthy();
                            (next, taken)
                        }
                        None => (p.clone(), false),
                    };
                    if !taken {
                        call(&to, kind, &codec::plan_to_json(p).into());
                    }
                    sent.update_value(|x| {
                        x.plan = next;
                        x.dragging = dragging;
                    });
                } else if was_dragging && !dragging {
                    sent.update_value(|x| x.dragging = false);
                    call(&to, "commit", &JsValue::UNDEFINED);
                }
            });
        });
        let to = host.clone();
        Effect::new(move |_| {
            let g = goal.get();
            if sent.with_value(|x| x.goal != g) {
                sent.update_value(|x| x.goal = g);
                call(
                    &to,
                    "goal",
                    &serde_json::to_string(&g).unwrap_or_default().into(),
                );
            }
        });
        let to = host.clone();
        Effect::new(move |_| {
            let id = s.preset.get();
            if sent.with_value(|x| x.preset != id) {
                sent.update_value(|x| x.preset = id.clone());
                call(&to, "preset", &id.map_or(JsValue::NULL, JsValue::from));
            }
        });
        let to = host;
        Effect::new(move |_| {
            let step = at.get();
            if step.is_none() {
                PRESENTER_VIEW.with(|v| v.borrow_mut().take());
            }
            if sent.with_value(|x| x.at != step) {
                sent.update_value(|x| x.at = step);
                call(
                    &to,
                    "present",
                    &step.map_or(JsValue::NULL, |i| (i as f64).into()),
                );
            }
        });
    }

    /// Takes the planner's `kind` at `value`; `false` when it is a lever's move that cannot be
    /// made from the plan the binary has (then the whole plan is needed).
    fn take(self, kind: &str, value: &JsValue) -> bool {
        let s = self.state;
        let text = value.as_string().unwrap_or_default();
        match kind {
            PLAN | LEVER => {
                let plan = if kind == PLAN {
                    codec::plan_from_json(&text).ok()
                } else {
                    // Set on the plan both sides last had, as the planner does.
                    self.sent.with_value(|x| lever_made(&x.plan, &text))
                };
                let Some(plan) = plan else {
                    return kind != LEVER;
                };
                self.sent.update_value(|x| x.plan = plan.clone());
                if s.plan.with_untracked(|p| *p != plan) {
                    s.edit(plan);
                }
            }
            LOADED => {
                if let Ok(plan) = codec::plan_from_json(&text) {
                    s.loaded.set(plan);
                }
            }
            PRESET => {
                let id = value.as_string();
                self.sent.update_value(|x| x.preset = id.clone());
                if s.preset.get_untracked() != id {
                    s.preset.set(id);
                }
            }
            GENERATION => s.generation.set(value.as_f64().unwrap_or(0.0) as u32),
            LANG => s.lang.set(Lang::from_tag(&text)),
            LARGE => self.large.set(value.is_truthy()),
            GOAL => {
                if let Ok(g) = serde_json::from_str::<Goal>(&text) {
                    self.sent.update_value(|x| x.goal = g);
                    if self.goal.get_untracked() != g {
                        self.goal.set(g);
                    }
                }
            }
            PRESENTING => {
                let step = step_of(value);
                self.sent.update_value(|x| x.at = step);
                if self.at.get_untracked() != step {
                    self.at.set(step);
                }
            }
            _ => {}
        }
        true
    }
}

/// Starts the view `what` ([`PANEL`] or [`PRESENTER`]) in `el` for the planner `host` (the
/// binary's `mount_analyses` calls it). Returns the function the planner passes its changes to,
/// `(kind, value)`, or null.
pub fn mount(what: &str, el: web_sys::HtmlElement, host: JsValue) -> JsValue {
    let presenter = match what {
        PANEL => false,
        PRESENTER => true,
        _ => return JsValue::NULL,
    };
    let Some(m) = Mirror::get_or_read(&host) else {
        return JsValue::NULL;
    };
    if presenter {
        // The step as the planner has it now (its change may not have come yet).
        m.take(PRESENTING, &call(&host, "get", &PRESENTING.into()));
    }
    let updates = update_fn(m, host.clone());
    let view = leptos::mount::mount_to(el, move || {
        Mirror::follow_once(&host);
        provide_context(m.state);
        provide_context(ChosenGoal(m.goal));
        provide_context(LargeType(m.large));
        provide_context(Presenting(m.at));
        match presenter {
            // Asked for while on but turned off since: nothing to show.
            true if m.at.get_untracked().is_none() => ().into_any(),
            true => view! { <Presenter /> }.into_any(),
            false => view! { <AnalysisPanel /> }.into_any(),
        }
    });
    if presenter {
        PRESENTER_VIEW.with(|v| *v.borrow_mut() = Some(Box::new(view)));
    } else {
        view.forget();
    }
    updates
}

/// The planner's entry for its changes, into `m`; a lever's move it cannot make from the plan it
/// has ([`LEVER`]) asks `host` for the whole plan.
fn update_fn(m: Mirror, host: JsValue) -> JsValue {
    Closure::<dyn Fn(String, JsValue)>::new(move |kind: String, value: JsValue| {
        if !m.take(&kind, &value) {
            m.take(PLAN, &call(&host, "get", &PLAN.into()));
        }
    })
    .into_js_value()
}

/// The plan report's HTML (`print::plan_report`) for the planner's Print button: `plan` as
/// JSON, its preset's id, the bottleneck finder's `goal` as JSON, the language's tag; else the
/// problems' lines in that language.
pub fn plan_report(
    plan: &str,
    preset: Option<String>,
    goal: &str,
    lang: &str,
) -> Result<String, Vec<String>> {
    let lang = Lang::from_tag(lang);
    let plan = codec::plan_from_json(plan).map_err(|e| super::app::errors_in(lang, &e))?;
    let preset = preset.as_deref().and_then(crate::presets::get);
    let goal = serde_json::from_str::<Goal>(goal).unwrap_or_default();
    web::with_figures(lang, |f| {
        super::print::plan_report(&plan, preset, &web::today(lang), Some(goal), f)
    })
    .map_err(|e| super::app::errors_in(lang, &e))
}
