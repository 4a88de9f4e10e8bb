//! Presenter mode (演示模式): the plan on screen told as a bottleneck story, one step at a time,
//! in a layout of its own for a projector read from the back of the room. The steps and every
//! figure come from [`crate::story`]; [`super::slides`] writes them; this component holds the
//! step and takes the keys a clicker sends ([`super::keys`]).
//!
//! It also tells the trainer's view (`public/trainer.html`, a second window) where it is, over a
//! `BroadcastChannel`, and takes that window's keys; and its "what if" drawer holds the story's
//! levers, so that a question from the room is answered by dragging one.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::tr;
use super::app::{AppState, LeverRow};
use super::i18n::{Msg, OtherMsg};
use super::keys::{key, Key};
use super::slides::{self, Figures};
use super::web::{self, NumberKind};
use crate::plan::{levers, Lang};
use crate::presets;
use crate::story::{self, StepKind};

/// Whether presenter mode is on, and at which step (0-based).
#[derive(Clone, Copy)]
pub struct Presenting(pub RwSignal<Option<usize>>);

/// How many times [`warm_up`] tells the story.
const WARM_UP_RUNS: usize = 4;

/// Tells the story of the plan on screen and writes step `at`'s slide, `runs` times, one run
/// in each of the browser's idle periods, and drops what it made (see the drawer in
/// [`Presenter`]); stops when the drawer closes or the presenter ends.
fn warm_up(runs: usize, drawer: RwSignal<bool>, at: RwSignal<Option<usize>>, s: AppState) {
    if runs == 0 {
        return;
    }
    request_idle_callback(move || {
        let (Some(true), Some(Some(i))) = (drawer.try_get_untracked(), at.try_get_untracked())
        else {
            return;
        };
        let preset = s.preset.get_untracked();
        let preset = preset.as_deref().and_then(presets::get);
        if let Some(t) = s.plan.with_untracked(|p| story::story(p, preset).ok()) {
            std::hint::black_box(slide_html(&t, i, false, s.lang.get_untracked()));
        }
        warm_up(runs - 1, drawer, at, s);
    });
}

/// Step `i` of `story` as the slide's HTML in `lang` (`revealed`: the guess's answer shown).
fn slide_html(story: &story::Story, i: usize, revealed: bool, l: Lang) -> String {
    let money = |v| web::format(l, NumberKind::Money, v);
    let count = |v| web::format(l, NumberKind::Count, v);
    let percent = |v| web::format(l, NumberKind::Percent, v);
    let ratio = |v| web::format(l, NumberKind::Ratio, v);
    let f = Figures {
        lang: l,
        money: &money,
        count: &count,
        percent: &percent,
        ratio: &ratio,
    };
    slides::slide(story, i, revealed, &f)
}

/// The presenter: shown over the planner while [`Presenting`] holds a step.
#[component]
pub fn Presenter() -> impl IntoView {
    let s = expect_context::<AppState>();
    let Presenting(at) = expect_context::<Presenting>();
    let lang = s.lang;
    // What had the focus as presenting began (the Present button), to give it back on leaving.
    let opener = StoredValue::new_local(web::focused());
    // The story of the plan on screen, told by its preset when it has one.
    let told = Memo::new_with_compare(
        move |_| {
            let preset = s.preset.get();
            let preset = preset.as_deref().and_then(presets::get);
            s.plan.with(|p| story::story(p, preset).ok())
        },
        |_, _| true,
    );
    let steps = move || told.with_untracked(|t| t.as_ref().map_or(0, |t| t.steps.len()));
    // The guess step shows its answer on the next key, before moving on.
    let revealed = RwSignal::new(false);
    let black = RwSignal::new(false);
    let go = move |to: usize| {
        let n = steps();
        if n > 0 {
            revealed.set(false);
            at.set(Some(to.min(n - 1)));
        }
    };
    // A step past the story's end (kept from a reload, the story since shortened) is its last.
    Effect::new(move |_| {
        let n = told.with(|t| t.as_ref().map_or(0, |t| t.steps.len()));
        if at.get().is_some_and(|i| n > 0 && i >= n) {
            at.set(Some(n - 1));
        }
    });
    // Leaving from the fix or after it, the planner shows the fixed plan (Undo steps back to the
    // plan before), no longer its preset's; from an earlier step, the plan as it was.
    let leave = move || {
        let i = at.get_untracked().unwrap_or(0);
        let fixed = told.with_untracked(|t| {
            let t = t.as_ref()?;
            let fix = t
                .steps
                .iter()
                .position(|st| matches!(st.kind, StepKind::Fix(_)))?;
            match &t.steps[fix].kind {
                StepKind::Fix(f) if i >= fix => Some(f.plan.clone()),
                _ => None,
            }
        });
        at.set(None);
        web::leave_full_screen(); // the planner is not the show
        if let Some(plan) = fixed {
            s.edit_past_preset(plan);
        }
        // Back in the planner, the keyboard is where it was before presenting (the Present
        // button), not on the page's body. The first time, this binary loaded after the planner
        // had hidden the button, so the page's body had the focus: the button takes it then.
        let back = opener
            .try_get_value()
            .flatten()
            .filter(|el| el.is_connected() && el.tag_name() != "BODY")
            .or_else(|| web::by_test_id("present"));
        if let Some(el) = back {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    };
    let act = move |k: Key| {
        let Some(i) = at.get_untracked() else { return };
        if black.get_untracked() && k != Key::Black {
            black.set(false);
            return;
        }
        let on_guess = told.with_untracked(|t| {
            t.as_ref()
                .and_then(|t| t.steps.get(i))
                .is_some_and(|st| matches!(st.kind, StepKind::Guess(_)))
        });
        match k {
            Key::Next if on_guess && !revealed.get_untracked() => revealed.set(true),
            Key::Next => go(i + 1),
            Key::Back => go(i.saturating_sub(1)),
            Key::First => go(0),
            Key::Last => go(usize::MAX),
            // A number past the story's last step is a slip, not "the last step".
            Key::Jump(j) => {
                if told.with_untracked(|t| t.as_ref().is_some_and(|t| j < t.steps.len())) {
                    go(j)
                }
            }
            Key::Black => black.update(|b| *b = !*b),
            Key::FullScreen => web::toggle_full_screen(),
            Key::Exit => leave(),
            Key::Start => {}
        }
    };
    // While the screen is black any key but a modifier brings it back, as the trainer's view
    // says ("any key"): true when it did.
    let wake = move |name: &str| {
        let modifier = matches!(name, "Shift" | "Control" | "Alt" | "Meta" | "CapsLock");
        let woken = black.get_untracked() && !modifier && key(name) != Some(Key::Black);
        if woken {
            black.set(false);
        }
        woken
    };
    let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        // Keys typed into a number box stay there, and Space or Enter on a button presses it;
        // everything else, a focused "what if" slider included, belongs to the clicker. In a
        // number box, Enter and Esc give the value in and the clicker its keys back, and a
        // clicker's page keys give it in and move the story (its F5 must not reload the page).
        let name = e.key();
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|el| match el.tag_name().as_str() {
                "INPUT" => el.get_attribute("type").as_deref() != Some("range"),
                "SELECT" | "TEXTAREA" => true,
                "BUTTON" => matches!(name.as_str(), " " | "Enter"),
                _ => false,
            });
        if let Some(el) = typing {
            let given = matches!(name.as_str(), "Enter" | "Escape");
            if el.tag_name() != "INPUT"
                || !(given || matches!(name.as_str(), "PageDown" | "PageUp" | "F5"))
            {
                return;
            }
            if let Some(root) = web::by_test_id("presenter") {
                let _ = root.focus(); // the box's change event gives its value in
            }
            if given {
                e.prevent_default();
                return;
            }
        }
        if wake(&name) {
            e.prevent_default();
        } else if let Some(k) = key(&name) {
            e.prevent_default();
            act(k);
        }
    });
    on_cleanup(move || keys.remove());

    // The trainer's view (a window of its own) follows every move, a plan edited in the "what
    // if" drawer and the language; its keys move this window as if pressed here, except Esc and
    // full screen, which stay with each window. It is sent texts only: the step's notes and
    // headings from the story, its own labels in the presenter's language, and the preset and
    // step ids by which it finds the trainer's script (notes.json).
    let post_state = move || {
        // Nobody to tell (no trainer's view has said hello): a drag in the "what if" drawer
        // makes no texts.
        if !web::trainer_listening() {
            return;
        }
        let Some(i) = at.get_untracked() else { return };
        let l = lang.get_untracked();
        let shown = revealed.get_untracked();
        // The trainer's script is the preset's own: once the plan is edited it may no longer
        // hold, and only the notes (which quote the live figures) are shown.
        let scripted = s.preset.with_untracked(|p| {
            p.as_deref()
                .and_then(presets::get)
                .filter(|p| s.plan.with_untracked(|plan| story::tells(p, plan)))
                .is_some()
        });
        told.with_untracked(|t| {
            let Some(step) = t.as_ref().and_then(|t| t.steps.get(i)) else {
                web::post_state("end", 0, 0, &[l.tag(), OtherMsg::Waiting.tr(l)]);
                return;
            };
            let Some(t) = t else { return };
            // At the guess, the next key shows the answer and stays on the step; once it is
            // shown, the view says so before what comes next.
            let guess = matches!(step.kind, StepKind::Guess(_));
            let next = match t.steps.get(i + 1) {
                _ if guess && !shown => OtherMsg::NextAnswer.tr(l).to_string(),
                // "Next: …" and "下一步：…" (a full-width colon carries its own space).
                Some(n) => {
                    let space = if l == Lang::En { " " } else { "" };
                    let next = format!("{}{space}{}", OtherMsg::NextUp.tr(l), n.title.get(l));
                    if guess {
                        format!("{}{space}{next}", OtherMsg::AnswerShown.tr(l))
                    } else {
                        next
                    }
                }
                None => OtherMsg::LastStep.tr(l).to_string(),
            };
            // 1: the projector is black; 2: the guess's answer is shown; 4: the first step
            // (nothing to go back to); 8: the last (nothing to go on to).
            let flags = u32::from(black.get_untracked())
                | u32::from(shown) << 1
                | u32::from(i == 0) << 2
                | u32::from(i + 1 == t.steps.len()) << 3;
            // In the order of `FIELDS` in public/trainer.js (the e2e test of the trainer's view
            // fails if the two part).
            web::post_state(
                "state",
                i,
                flags,
                &[
                    l.tag(),
                    t.title.get(l),
                    &format!("{} / {}", i + 1, t.steps.len()),
                    step.title.get(l),
                    step.notes.get(l),
                    &next,
                    OtherMsg::StepBack.tr(l),
                    OtherMsg::StepNext.tr(l),
                    OtherMsg::ResetTimer.tr(l),
                    OtherMsg::TrainerView.tr(l),
                    t.preset.as_deref().filter(|_| scripted).unwrap_or(""),
                    step.kind.id(),
                    OtherMsg::BlackedOut.tr(l),
                ],
            );
        });
    };
    let channel = web::open_channel(move |m| match m.kind.as_str() {
        "hello" => post_state(),
        _ if wake(&m.key) => {}
        _ => match key(&m.key) {
            Some(Key::Exit | Key::FullScreen | Key::Start) | None => {}
            Some(k) => act(k),
        },
    });
    let channel = StoredValue::new_local(Some(channel));
    Effect::new(move |_| {
        at.track();
        revealed.track();
        black.track();
        lang.track();
        told.track();
        post_state();
    });
    on_cleanup(move || {
        let l = lang.get_untracked();
        web::post_state("end", 0, 0, &[l.tag(), OtherMsg::Waiting.tr(l)]);
        channel.try_update_value(Option::take);
    });

    // A swipe on a touch screen: to the left for the next step, to the right for the one before.
    let touch_x = StoredValue::new(None::<i32>);
    let on_touch_start = move |e: ev::TouchEvent| {
        touch_x.set_value(e.changed_touches().get(0).map(|t| t.client_x()));
    };
    let on_touch_end = move |e: ev::TouchEvent| {
        if let (Some(x0), Some(t)) = (touch_x.get_value(), e.changed_touches().get(0)) {
            let dx = t.client_x() - x0;
            if dx.abs() > 60 {
                act(if dx < 0 { Key::Next } else { Key::Back });
            }
        }
    };
    let html = move || {
        let l = lang.get();
        let i = at.get().unwrap_or(0);
        let shown = revealed.get();
        told.with(|t| {
            t.as_ref()
                .map_or_else(String::new, |t| slide_html(t, i, shown, l))
        })
    };
    let kind = move || {
        let i = at.get().unwrap_or(0);
        told.with(|t| {
            t.as_ref()
                .and_then(|t| t.steps.get(i))
                .map_or("", |st| st.kind.id())
        })
    };
    let drawer = RwSignal::new(false);
    // The browser first runs WebAssembly from code it makes quickly, and makes faster code for
    // a function only once it has run a while: the first drags in the drawer took 15 to 30 ms
    // where the later ones take 6 (the 36 × 8 plan). So when the drawer opens, the story is told
    // and its slide written a few times while the page is idle, unseen, and the first drag
    // already runs the fast code.
    Effect::new(move |was_open: Option<bool>| {
        let open = drawer.get();
        if open && was_open == Some(false) {
            warm_up(WARM_UP_RUNS, drawer, at, s);
        }
        open
    });
    // The heading and the buttons, written as HTML like the slide; one listener takes the clicks.
    let chrome_ref = NodeRef::<leptos::html::Div>::new();
    let trainer = web::trainer_available();
    let chrome = move || {
        // The heading and its buttons are about to be written anew (a step, the language, the
        // drawer): a button that has the focus gets it back in the new heading, rather than the
        // page's body (a keyboard user keeps their place), as My scenarios' list does.
        if let Some(el) = chrome_ref.get_untracked() {
            web::keep_focus(&el);
        }
        let l = lang.get();
        let i = at.get().unwrap_or(0);
        let open = drawer.get();
        told.with(|t| {
            let (title, step) = t.as_ref().map_or((String::new(), String::new()), |t| {
                (
                    t.title.get(l).to_string(),
                    format!("{} / {}", i + 1, t.steps.len()),
                )
            });
            slides::chrome(&title, &step, l, open, trainer)
        })
    };
    let on_chrome = move |e: ev::MouseEvent| {
        // A click with the mouse gives the focus back to the presentation, so that a clicker's
        // Space or Enter moves the story on rather than pressing that button again. (Pressed
        // from the keyboard, `detail` 0, the button keeps it.)
        if e.detail() > 0 {
            if let Some(el) = web::by_test_id("presenter") {
                let _ = el.focus();
            }
        }
        let action = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-action]").ok().flatten())
            .and_then(|el| el.get_attribute("data-action"));
        match action.as_deref() {
            Some("whatif") => drawer.update(|d| *d = !*d),
            Some("trainer") => web::open_trainer(),
            Some("lang") => lang.update(|l| *l = l.other()),
            Some("exit") => leave(),
            _ => {}
        }
    };
    // The page's language is the slides' while they show (screen readers, and the fonts for
    // Chinese), and the planner's again after.
    let planner_lang = lang.get_untracked();
    Effect::new(move |_| {
        let l = lang.get();
        web::set_page_lang(l);
        let title = told.with(|t| t.as_ref().map(|t| t.title.get(l).to_string()));
        web::set_page_title(&format!("{} · Troika", title.unwrap_or_default()));
    });
    on_cleanup(move || {
        web::set_page_lang(planner_lang);
        web::set_page_title(&super::app::page_title(planner_lang));
    });
    // The dialog takes the focus, so that Space or Enter moves the story on rather than pressing
    // the button that opened it.
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            let _ = el.focus();
        }
    });
    // Arriving at the fix, its figures count from the old values to the new.
    let slide_ref = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |prev: Option<usize>| {
        let i = at.get().unwrap_or(0);
        if prev == Some(i) {
            return i;
        }
        // Each step from its top: a slide taller than a small projector's screen was scrolled.
        if let (Some(_), Some(el)) = (prev, root.get_untracked()) {
            el.set_scroll_top(0);
        }
        let fix = told.with_untracked(|t| {
            t.as_ref()
                .and_then(|t| t.steps.get(i))
                .is_some_and(|st| matches!(st.kind, StepKind::Fix(_)))
        });
        if let (true, Some(el)) = (fix, slide_ref.get_untracked()) {
            web::count_up(&el, lang.get_untracked());
        }
        i
    });
    // "What if": the story's levers (the guess's choices, the fix's lever among them) as the
    // planner's sliders; the story follows every move.
    let drawer_levers = move || {
        let paths: Vec<String> = told.with_untracked(|t| {
            t.iter()
                .flat_map(|t| &t.steps)
                .filter_map(|st| match &st.kind {
                    StepKind::Guess(g) => Some(g.choices.iter().map(|c| c.path.clone())),
                    _ => None,
                })
                .flatten()
                .collect()
        });
        s.plan
            .with_untracked(levers::levers)
            .into_iter()
            .filter(|l| paths.contains(&l.path))
            // Channels named as the slides name them, in the room's language.
            .map(|l| view! { <LeverRow lever=l scope="whatif-" label=levers::Lever::room_label /> })
            .collect_view()
    };
    view! {
        <div class="present" data-testid="presenter" role="dialog" aria-modal="true" tabindex="-1" node_ref=root
            aria-label=tr(lang, Msg::Present)
            class:black=move || black.get()
            class:drawer=move || drawer.get()
            on:touchstart=on_touch_start on:touchend=on_touch_end
            on:click=move |_| if black.get_untracked() { black.set(false) }>
            <div class="present-chrome" on:click=on_chrome node_ref=chrome_ref inner_html=chrome></div>
            <section class="slide" data-testid="slide" data-kind=kind aria-live="polite" node_ref=slide_ref inner_html=html></section>
            <Show when=move || drawer.get()>
                <aside class="whatif" id="whatif" data-testid="whatif" aria-label=tr(lang, OtherMsg::WhatIf)>
                    <p class="note">{tr(lang, OtherMsg::WhatIfHint)}</p>
                    {drawer_levers}
                </aside>
            </Show>
        </div>
    }
}
