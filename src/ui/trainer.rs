//! The trainer's view (讲师视图): a second window, opened from presenter mode, with the step's
//! speaker notes, the next step and a timer. It holds no plan of its own and writes nothing to
//! storage: the projector window sends it the plan and the step over a `BroadcastChannel`
//! ([`super::web::open_channel`]), and it tells the same story from them with the core
//! ([`crate::story::story`]); its keys and buttons are sent back, so either window moves both.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use super::i18n::Msg;
use super::keys::{key, Key};
use super::web;
use crate::plan::Lang;
use crate::story::{self, Story};
use crate::{codec, presets};

/// The window's page (`#trainer`).
#[component]
pub fn Trainer() -> impl IntoView {
    let lang = RwSignal::new(web::browser_lang());
    // What the projector last said: its step and flags, its plan (JSON) and preset.
    let step = RwSignal::new(None::<usize>);
    let plan = RwSignal::new(String::new());
    let preset = RwSignal::new(String::new());
    // The story is told anew only when the plan or the preset changes; a plan that does not
    // read back (it always should) leaves the view waiting.
    let told = Memo::new_with_compare(
        move |_| {
            let p = plan.with(|json| codec::plan_from_json(json).ok())?;
            let preset = preset.with(|id| presets::get(id));
            story::story(&p, preset).ok()
        },
        |_, _| true,
    );
    let channel = web::open_channel(move |m| match m.kind.as_str() {
        "state" => {
            let Ok(i) = usize::try_from(m.step) else {
                return;
            };
            if plan.with_untracked(|p| *p != m.plan) {
                plan.set(m.plan);
            }
            if preset.with_untracked(|p| *p != m.preset) {
                preset.set(m.preset);
            }
            lang.set(Lang::from_tag(&m.lang));
            step.set(Some(i));
        }
        "end" => step.set(None),
        _ => {}
    });
    let channel = StoredValue::new_local(Some(channel));
    let send = move |k: Key| {
        let at = match k {
            Key::Jump(j) => i32::try_from(j).unwrap_or(-1),
            _ => -1,
        };
        web::post(&web::Message {
            kind: "key".into(),
            key: k.id().into(),
            step: at,
            ..Default::default()
        });
    };
    // Ask the projector where it is (it may have been presenting for a while).
    send_hello();

    // The timer: minutes and seconds since the view opened, or since it was restarted.
    let started = RwSignal::new(web::now_ms());
    let now = RwSignal::new(web::now_ms());
    let tick =
        set_interval_with_handle(move || now.set(web::now_ms()), Duration::from_secs(1)).ok();
    let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        match key(&e.key()) {
            Some(Key::FullScreen) => web::toggle_full_screen(),
            Some(Key::Exit) | None => {}
            Some(k) => {
                e.prevent_default();
                send(k);
            }
        }
    });
    on_cleanup(move || {
        keys.remove();
        if let Some(t) = tick {
            t.clear();
        }
        channel.try_update_value(Option::take);
    });
    Effect::new(move |_| {
        let l = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.tag());
        }
        document().set_title(&format!(
            "{} · {}",
            Msg::TrainerView.tr(l),
            Msg::Title.tr(l)
        ));
    });

    let shown = move |f: &dyn Fn(&Story, usize, Lang) -> String| -> Option<String> {
        let i = step.get()?;
        let l = lang.get();
        told.with(|t| t.as_ref().map(|t| f(t, i, l)))
    };
    let timer = move || {
        let s = ((now.get() - started.get()) / 1000.0).max(0.0) as u64;
        format!("{:02}:{:02}", s / 60, s % 60)
    };
    view! {
        <main class="trainer" data-testid="trainer">
            <header class="trainer-head">
                <span>{move || shown(&|t, _, l| t.title.get(l).to_string())}</span>
                <span data-testid="trainer-step">{move || shown(&|t, i, _| format!("{} / {}", i + 1, t.steps.len()))}</span>
                <span class="timer" data-testid="trainer-timer" role="timer">{timer}</span>
                <button data-testid="trainer-reset" on:click=move |_| {
                    started.set(web::now_ms());
                    now.set(web::now_ms());
                }>{move || Msg::ResetTimer.tr(lang.get())}</button>
            </header>
            <Show
                when=move || step.get().is_some() && told.with(Option::is_some)
                fallback=move || view! { <p class="waiting" data-testid="trainer-waiting">{move || Msg::Waiting.tr(lang.get())}</p> }
            >
                <h1 data-testid="trainer-title">{move || shown(&|t, i, l| t.steps.get(i).map(|s| s.title.get(l).to_string()).unwrap_or_default())}</h1>
                <p class="notes" data-testid="trainer-notes" aria-live="polite">
                    {move || shown(&|t, i, l| t.steps.get(i).map(|s| s.notes.get(l).to_string()).unwrap_or_default())}
                </p>
                <p class="next" data-testid="trainer-next">
                    {move || shown(&|t, i, l| match t.steps.get(i + 1) {
                        Some(n) => format!("{} {}", Msg::NextUp.tr(l), n.title.get(l)),
                        None => Msg::LastStep.tr(l).to_string(),
                    })}
                </p>
            </Show>
            <nav class="trainer-keys">
                <button data-testid="trainer-back" on:click=move |_| send(Key::Back)>{move || Msg::StepBack.tr(lang.get())}</button>
                <button data-testid="trainer-forward" on:click=move |_| send(Key::Next)>{move || Msg::StepNext.tr(lang.get())}</button>
            </nav>
        </main>
    }
}

/// Asks the projector window for its state.
fn send_hello() {
    web::post(&web::Message {
        kind: "hello".into(),
        step: -1,
        ..Default::default()
    });
}
