//! Presenter mode (演示模式): the plan on screen told as a bottleneck story, one step at a time,
//! in a layout of its own for a projector read from the back of the room. The steps and every
//! figure come from [`crate::story`]; [`super::slides`] writes them; this component holds the
//! step and takes the keys a clicker sends ([`super::keys`]).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::AppState;
use super::i18n::Msg;
use super::keys::{key, Key};
use super::slides::{self, Figures};
use super::web::{self, NumberKind};
use crate::presets;
use crate::story::{self, StepKind};

/// Whether presenter mode is on, and at which step (0-based).
#[derive(Clone, Copy)]
pub struct Presenting(pub RwSignal<Option<usize>>);

/// The presenter: shown over the planner while [`Presenting`] holds a step.
#[component]
pub fn Presenter() -> impl IntoView {
    let s = expect_context::<AppState>();
    let Presenting(at) = expect_context::<Presenting>();
    let lang = s.lang;
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
            Key::Jump(j) => go(j),
            Key::Black => black.update(|b| *b = !*b),
            Key::FullScreen => web::toggle_full_screen(),
            Key::Exit => at.set(None),
        }
    };
    let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if let (false, Some(k)) = (typing, key(&e.key())) {
            e.prevent_default();
            act(k);
        }
    });
    on_cleanup(move || keys.remove());
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
            let Some(t) = t else { return String::new() };
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
            slides::slide(t, i, shown, &f)
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
    let head = move || {
        let l = lang.get();
        let i = at.get().unwrap_or(0);
        told.with(|t| {
            t.as_ref().map(|t| {
                (
                    t.title.get(l).to_string(),
                    format!("{} / {}", i + 1, t.steps.len()),
                )
            })
        })
    };
    // The dialog takes the focus, so that Space or Enter moves the story on rather than pressing
    // the button that opened it.
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="present" data-testid="presenter" role="dialog" aria-modal="true" tabindex="-1" node_ref=root
            aria-label=move || Msg::Present.tr(lang.get())
            class:black=move || black.get()
            on:touchstart=on_touch_start on:touchend=on_touch_end>
            <header class="present-head">
                <span class="present-title">{move || head().map(|h| h.0)}</span>
                <span class="present-step" data-testid="present-step">{move || head().map(|h| h.1)}</span>
            </header>
            <section class="slide" data-testid="slide" data-kind=kind aria-live="polite" inner_html=html></section>
            <button class="present-exit" data-testid="present-exit" on:click=move |_| at.set(None)>
                {move || Msg::ExitPresent.tr(lang.get())}
            </button>
        </div>
    }
}
