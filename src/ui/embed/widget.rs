//! The widget page (`embed.html`): the flags read from its address, a KPI strip, the charts and
//! sliders they ask for, and the host protocol. It shares the planner's components and its state
//! type, but keeps nothing in storage and never touches the address bar: two widgets on one page
//! keep their own plans.

use leptos::prelude::*;

use super::flags::{self, FlagProblem, LangFlag, Theme};
use super::protocol::{self, Action, Envelope, Shown};
use super::{browser, texts};
use crate::plan::Lang;
use crate::ui::app::{AppState, KpiCards, LeverRow, Notice, NoticeBar, Step};
use crate::ui::chart::{Chart, Dark};
use crate::ui::history::History;
use crate::ui::i18n::Msg;
use crate::ui::web;

/// The widget has no inputs at all (`readonly=1`): charts draw their legends without buttons.
#[derive(Clone, Copy)]
pub struct ReadOnly;

/// Whether a fragment's plan opened all the same (without a preset this build does not have),
/// and the notice for its `errors`: June stands in for the `first` fragment when it did not open,
/// and a later one keeps the plan shown.
fn fragment_refused(hash: &str, errors: &crate::plan::PlanErrors, first: bool) -> (bool, Notice) {
    let opened = crate::codec::fragment_has_plan(hash) && errors.at("preset").is_some();
    let title = match (opened, first) {
        (true, _) => Msg::LinkPresetUnknown,
        (false, true) => Msg::EmbedPlanFailed,
        (false, false) => Msg::LinkFailed,
    };
    (
        opened,
        Notice::error(title, crate::ui::i18n::errors_worded(errors)),
    )
}

/// The widget.
#[component]
pub fn Widget() -> impl IntoView {
    let (flags, mut problems) = flags::read(&browser::search());
    let lang = match flags.lang {
        LangFlag::Zh => Lang::Zh,
        LangFlag::En => Lang::En,
        LangFlag::Auto => web::browser_lang(),
    };
    browser::set_theme(flags.theme.id());
    // Charts follow the theme: `auto` follows the reader's colour scheme as it changes.
    let dark = RwSignal::new(flags.theme == Theme::Dark);
    if flags.theme == Theme::Auto {
        dark.set(browser::prefers_dark(move |on| dark.set(on)));
    }
    provide_context(Dark(dark));
    let hash = web::hash();
    let (plan, preset, errors) = flags::starting_plan(&flags, &hash);
    let (first_sliders, lever_problem) = flags::sliders(&flags, &plan);
    problems.extend(lever_problem);
    let notice = errors.map(|e| fragment_refused(&hash, &e, true).1);
    let state = AppState::new(lang, History::new(Step::loaded(plan, preset), 50), notice);
    provide_context(state);
    if flags.readonly {
        provide_context(ReadOnly);
    }
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
    document().set_title(flags.title.as_deref().unwrap_or("Troika"));

    // The host protocol. Edits by the host are announced with `source: host`.
    let own = browser::origin();
    let targets = protocol::targets(&own, &flags.origins);
    let from_host = StoredValue::new(false);
    let allowed = flags.origins.clone();
    let months = flags.months;
    browser::embed_listen(&targets, move |from_parent, origin, data, head| {
        if !protocol::accepts(from_parent, &origin, &own, &allowed) {
            return;
        }
        let request = state
            .plan
            .with_untracked(|plan| protocol::read_message(data.as_deref(), head.as_deref(), plan));
        let request = match request {
            Ok(request) => request,
            Err(refusal) => return browser::embed_send(&refusal.reply(), None),
        };
        let mut reply = Envelope::new("projection");
        reply.id = Some(&request.id);
        match request.action {
            // An edit that changes nothing sets nothing off: no `change`, and the reader's next
            // edit is not taken for the host's.
            Action::SetPlan(plan) => {
                let plan = match months {
                    Some(m) => plan.with_horizon(m),
                    None => plan,
                };
                from_host.set_value(state.plan.with_untracked(|p| *p != plan));
                state.show(plan, None);
            }
            Action::SetLever(plan) => {
                from_host.set_value(state.plan.with_untracked(|p| *p != plan));
                state.edit(plan);
            }
            Action::GetPlan => {
                let plan = state.plan.get_untracked();
                reply.kind = "plan";
                reply.plan = Some(&plan);
                return browser::embed_send(&reply, None);
            }
            Action::GetProjection => {}
        }
        state
            .projection
            .with_untracked(|p| browser::embed_send(&reply, p.as_ref().ok()));
    });
    // A new fragment (a host without scripts pointing the iframe at another share link): its
    // plan, announced as the host's edit. One that does not open says so and keeps the plan.
    let fragment_flags = flags.clone();
    let new_fragment = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = web::hash();
        let (plan, preset, errors) = flags::starting_plan(&fragment_flags, &hash);
        let refused = errors.map(|e| fragment_refused(&hash, &e, false));
        state.notice.set(refused.as_ref().map(|r| r.1.clone()));
        if refused.is_none_or(|r| r.0) {
            from_host.set_value(state.plan.with_untracked(|p| *p != plan));
            state.show(plan, preset);
        }
    });
    on_cleanup(move || new_fragment.remove());
    // `ready` after the first projection, `change` after every later one.
    // A read-only widget shows no sliders: it reports none.
    let first_sliders: Vec<String> = match flags.readonly {
        true => Vec::new(),
        false => first_sliders.into_iter().map(|l| l.path).collect(),
    };
    let shown_flags = flags.clone();
    Effect::new(move |seen: Option<bool>| {
        state.projection.with(|p| {
            let Ok(p) = p else { return };
            let mut message = Envelope::new("change");
            let shown;
            if seen.is_none() {
                message.kind = "ready";
                message.version = Some(env!("CARGO_PKG_VERSION"));
                shown = Shown::new(&shown_flags, lang, first_sliders.clone());
                message.flags = Some(&shown);
            } else {
                message.source = Some(if from_host.get_value() {
                    "host"
                } else {
                    "reader"
                });
            }
            from_host.set_value(false);
            browser::embed_send(&message, Some(p));
        });
        true
    });

    let notices = problems;
    let title = flags.title.clone();
    let charts_shown = flags.charts.clone();
    let readonly = flags.readonly;
    let kpis = flags.kpis.clone();
    view! {
        <div class="widget" class:readonly=readonly>
            {title.map(|t| view! { <h1 class="widget-title" data-testid="embed-title">{t}</h1> })}
            {(!notices.is_empty()).then(|| view! { <FlagNotice problems=notices /> })}
            <NoticeBar />
            <KpiCards only=kpis />
            {charts_shown
                .into_iter()
                .map(|id| {
                    let (title, figure, testid) = flags::chart(id);
                    view! { <Chart title=title figure=figure testid=testid /> }
                })
                .collect_view()}
            {(!readonly).then(|| view! {
                <div class="widget-levers">
                    // Made anew for each plan the host sets: its levers and slider ranges.
                    {move || {
                        state.generation.get();
                        let sliders = state.loaded.with(|p| flags::sliders(&flags, p).0);
                        sliders.into_iter().map(|l| view! { <LeverRow lever=l /> }).collect_view()
                    }}
                </div>
            })}
        </div>
    }
}

/// The bad flags, one line each, in the widget's language; closed as the plan's notices are
/// (a read-only widget has no inputs at all: it stays).
#[component]
fn FlagNotice(problems: Vec<FlagProblem>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let shown = RwSignal::new(true);
    let closable = use_context::<ReadOnly>().is_none();
    move || {
        let problems = problems.clone();
        shown.get().then(|| view! {
            <div class="notice" role="status" data-testid="embed-notice">
                <strong>{move || super::tr(texts::FLAGS, lang.get())}</strong>
                <ul>
                    {problems.into_iter().map(|p| view! { <li>{move || p.message(lang.get())}</li> }).collect_view()}
                </ul>
                {closable.then(|| view! {
                    <button class="close" data-testid="embed-notice-close" on:click=move |e| {
                        web::focus_past_notice(&e);
                        shown.set(false);
                    }>{move || Msg::Close.tr(lang.get())}</button>
                })}
            </div>
        })
    }
}
