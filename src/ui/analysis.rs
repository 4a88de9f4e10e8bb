//! The analyses under the charts, one tab each: the bottleneck finder (tornado and verdict), the
//! revenue bridge (waterfall), reverse planning, the budget optimiser and uncertainty. Each tab
//! computes only while it is open, and shows what the core returns.

use std::sync::Arc;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;

use super::app::AppState;
use super::app::{refusal_shown, tr};
use super::chart::ChartFrame;
use super::i18n::{self, Msg, OtherMsg};
use super::report;
use super::web::{self, NumberKind};
use crate::analysis::bridge::{self, Bridge};
use crate::analysis::monte_carlo::{self, Fan, MonteCarlo, MonteCarloOptions, Range};
use crate::analysis::optimize::{self, Bound, Budget, Objective, OptimizeOptions};
use crate::analysis::reverse::{self, ReverseOptions, ReversePlan};
use crate::analysis::sensitivity::{self, Goal, SensitivityOptions};
use crate::plan::lang::Text;
use crate::plan::levers::Lever;
use crate::plan::Lang;
use crate::plan::Plan;
use crate::presets::{self, Metric};

/// How long input must pause before a slow analysis reruns, ms.
const SETTLE_MS: u64 = 120;

/// An analysis whose last run took at most this many ms follows every input before the page
/// paints; one whose quickest of its last three runs did, in the task after the input. A
/// quarter of the 8 ms issue 12 allows a slider's update (`troika:update`, p95) on the 36 × 8
/// plan with the bottleneck tab on screen: June's finder (under 1 ms) follows a drag in the
/// same frame; the 36 × 8 plan's (3 to 4 ms, on top of 4 to 5 ms of KPIs and levers) waits for
/// input to pause. Following every move in the next task, it made that update's p95 9.5 to
/// 12 ms instead of 7 to 8 (the work of two tasks a frame on two cores).
const QUICK_MS: f64 = 2.0;

/// A heavy analysis (hundreds of simulations) as a signal: recomputed from `inputs` (read
/// reactively) only while `root` is on screen: with the input, before the page paints, when
/// its last run took at most [`QUICK_MS`] (a typical plan: it follows a drag in the same frame);
/// in the task after the input when one of its last three runs did; else once input pauses for
/// [`SETTLE_MS`] (a large plan: sliders stay instant). Three, not one: a single run
/// slowed by the machine (a garbage collection, another tab) would otherwise hold the next
/// input's result back by the whole pause. It first runs when the observer first reports the tab
/// near the screen, not as the page mounts: on a phone the analyses are far below the fold, and
/// the tornado's first run was a task of its own right after the page's first one.
fn settled<I, T>(
    root: NodeRef<leptos::html::Div>,
    inputs: impl Fn() -> I + 'static,
    compute: impl Fn(I) -> Option<T> + Clone + 'static,
) -> RwSignal<Option<T>>
where
    I: 'static,
    T: Send + Sync + 'static,
{
    let result = RwSignal::new(None::<T>);
    let visible = RwSignal::new(false); // until the observer's first report
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            web::track_visibility(&el, visible);
        }
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // A run still waiting when the tab closes never starts.
    on_cleanup(move || {
        if let Some(Some(h)) = pending.try_get_value() {
            h.clear();
        }
    });
    // How long the last three runs took (none yet: 0), the last one last: quick analyses follow
    // every move, slow ones wait for a pause.
    let last_ms = StoredValue::new([0.0f64; 3]);
    let ran = StoredValue::new(false);
    Effect::new(move |_| {
        let args = inputs();
        if !visible.get() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let (quickest, last) = last_ms.with_value(|[a, b, c]| (a.min(*b).min(*c), *c));
        let compute = compute.clone();
        let run = move || {
            let t0 = web::now_ms();
            let r = compute(args);
            let took = web::now_ms() - t0;
            last_ms.update_value(|[a, b, c]| (*a, *b, *c) = (*b, *c, took));
            ran.set_value(true);
            result.set(r);
        };
        if ran.get_value() && last <= QUICK_MS {
            // The last run was quick: this one runs now, before the page paints, so its result
            // shows in the same frame as the input's charts.
            pending.set_value(None);
            untrack(run);
        } else {
            // Not run yet, or slow: in a later task (the input's frame paints first).
            let delay = if quickest <= QUICK_MS { 0 } else { SETTLE_MS };
            pending.set_value(set_timeout_with_handle(run, Duration::from_millis(delay)).ok());
        }
    });
    result
}

/// The analysis tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Bottleneck,
    Bridge,
    Reverse,
    Budget,
    Uncertainty,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Bottleneck,
        Tab::Bridge,
        Tab::Reverse,
        Tab::Budget,
        Tab::Uncertainty,
    ];

    fn msg(self) -> Msg {
        match self {
            Tab::Bottleneck => Msg::TabBottleneck,
            Tab::Bridge => Msg::TabBridge,
            Tab::Reverse => Msg::TabReverse,
            Tab::Budget => Msg::TabBudget,
            Tab::Uncertainty => Msg::TabUncertainty,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Bottleneck => "bottleneck",
            Tab::Bridge => "bridge",
            Tab::Reverse => "reverse",
            Tab::Budget => "budget",
            Tab::Uncertainty => "uncertainty",
        }
    }
}

/// The analyses section: tabs, and the open tab's content.
#[component]
pub fn AnalysisPanel() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let tab = RwSignal::new(Tab::Bottleneck);
    let mc = McRun::new(s);
    // The ARIA tabs pattern: arrow keys move between tabs (and open them), Home and End go to
    // the first and last; only the selected tab is in the Tab order.
    let on_key = move |e: ev::KeyboardEvent| {
        let i = Tab::ALL
            .iter()
            .position(|t| *t == tab.get_untracked())
            .unwrap_or(0);
        let n = Tab::ALL.len();
        let next = match e.key().as_str() {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        e.prevent_default();
        tab.set(Tab::ALL[next]);
        web::focus_id(&format!("tab-{}", Tab::ALL[next].id()));
    };
    view! {
        <section class="analyses" data-testid="analyses" aria-labelledby="analyses-title">
            <h2 id="analyses-title">{tr(lang, Msg::Analyses)}</h2>
            <div class="tabs" role="tablist" aria-labelledby="analyses-title" on:keydown=on_key>
                {Tab::ALL
                    .into_iter()
                    .map(|t| view! {
                        <button
                            role="tab"
                            id=format!("tab-{}", t.id())
                            aria-controls="analysis-panel"
                            data-testid=format!("tab-{}", t.id())
                            aria-selected=move || (tab.get() == t).to_string()
                            tabindex=move || if tab.get() == t { "0" } else { "-1" }
                            on:click=move |_| tab.set(t)
                        >
                            {move || t.msg().tr(lang.get())}
                        </button>
                    })
                    .collect_view()}
            </div>
            <div class="tab-body" role="tabpanel" id="analysis-panel" tabindex="0"
                aria-labelledby=move || format!("tab-{}", tab.get().id())>
                {move || match tab.get() {
                    Tab::Bottleneck => view! { <BottleneckTab /> }.into_any(),
                    Tab::Bridge => view! { <BridgeTab /> }.into_any(),
                    Tab::Reverse => view! { <ReverseTab /> }.into_any(),
                    Tab::Budget => view! { <BudgetTab /> }.into_any(),
                    Tab::Uncertainty => view! { <UncertaintyTab run=mc /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The `data-path` of the row a click landed in, if any.
fn clicked_path(e: &ev::MouseEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    target
        .closest("[data-path]")
        .ok()??
        .get_attribute("data-path")
}

/// A month picker over the current plan's horizon (1-based values).
fn month_options(s: AppState) -> impl IntoView {
    move || {
        s.plan.with(|p| {
            (0..p.horizon_months)
                .map(|t| view! { <option value=(t + 1).to_string()>{p.month_label(t)}</option> })
                .collect_view()
        })
    }
}

/// Goal picker shared by the analyses: horizon revenue, horizon profit or one month's revenue.
#[component]
fn GoalPicker(goal: RwSignal<Goal>) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let metric_id = move || match goal.get().metric {
        Metric::HorizonRevenue => "horizon_revenue",
        Metric::HorizonProfit => "horizon_profit",
        Metric::MonthRevenue => "month_revenue",
    };
    let set_metric = move |e: ev::Event| {
        let metric = match event_target_value(&e).as_str() {
            "horizon_profit" => Metric::HorizonProfit,
            "month_revenue" => Metric::MonthRevenue,
            _ => Metric::HorizonRevenue,
        };
        web::mark_input();
        goal.update(|g| {
            g.metric = metric;
            if metric == Metric::MonthRevenue && g.month.is_none() {
                g.month = Some(1);
            }
        });
    };
    let set_month = move |e: ev::Event| {
        if let Ok(m) = event_target_value(&e).parse::<usize>() {
            web::mark_input();
            goal.update(|g| g.month = Some(m));
        }
    };
    view! {
        <label>
            {tr(lang, OtherMsg::Goal)}
            <select data-testid="goal" on:change=set_metric prop:value=metric_id>
                <option value="horizon_revenue">{tr(lang, OtherMsg::GoalHorizonRevenue)}</option>
                <option value="horizon_profit">{tr(lang, OtherMsg::GoalHorizonProfit)}</option>
                <option value="month_revenue">{tr(lang, OtherMsg::GoalMonthRevenue)}</option>
            </select>
        </label>
        <Show when=move || goal.get().metric == Metric::MonthRevenue>
            <label>
                {tr(lang, Msg::Month)}
                <select data-testid="goal-month" on:change=set_month prop:value=move || {
                    let h = s.plan.with(|p| p.horizon_months);
                    goal.get().within(h).month.unwrap_or(1).to_string()
                }>
                    {month_options(s)}
                </select>
            </label>
        </Show>
    }
}

/// The goal a freshly loaded plan is judged by: its preset's story goal, else horizon revenue.
/// The goal of the bottleneck finder, as the user chose it in its tab (a new preset brings its
/// own): the plan report's verdict uses it too.
#[derive(Clone, Copy)]
pub struct ChosenGoal(pub RwSignal<Goal>);

impl ChosenGoal {
    /// The preset's goal, then each new preset's.
    pub fn new(s: AppState) -> ChosenGoal {
        let goal = RwSignal::new(preset_goal(s));
        Effect::new(move |prev: Option<u32>| {
            let g = s.generation.get();
            if prev.is_some_and(|p| p != g) {
                goal.set(preset_goal(s));
            }
            g
        });
        ChosenGoal(goal)
    }
}

fn preset_goal(s: AppState) -> Goal {
    s.preset
        .get_untracked()
        .and_then(|id| presets::get(&id))
        .map_or(Goal::default(), Goal::of_preset)
}

/// The bottleneck finder: verdict and tornado; a click on a bar takes the user to its lever.
#[component]
fn BottleneckTab() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let goal = use_context::<ChosenGoal>()
        .unwrap_or_else(|| ChosenGoal::new(s))
        .0;
    // Hundreds of simulations: run only while the tab is on screen, and once a drag pauses,
    // so that sliders stay instant on large plans.
    let root = NodeRef::<leptos::html::Div>::new();
    let result = settled(
        root,
        move || {
            let plan = s.plan.get();
            let options = SensitivityOptions {
                goal: goal.get().within(plan.horizon_months),
                ..Default::default()
            };
            (plan, options)
        },
        |(plan, options): (Plan, SensitivityOptions)| {
            sensitivity::sensitivity(&plan, &options).ok()
        },
    );
    let rows = 10;
    view! {
        <div class="bottleneck" data-testid="bottleneck" node_ref=root>
            <div class="controls-row"><GoalPicker goal=goal /></div>
            <p class="verdict" data-testid="verdict">
                {move || result.with(|r| r.as_ref().map(|r| r.verdict.get(lang.get()).to_string()))}
            </p>
            <ul class="tornado-legend" aria-hidden="true">
                <li><span class="swatch low"></span>{tr(lang, Msg::StepDown)}</li>
                <li><span class="swatch high"></span>{tr(lang, Msg::StepUp)}</li>
                <li><span class="swatch realistic"></span>{tr(lang, Msg::RealisticChange)}</li>
            </ul>
            <ol
                class="tornado"
                data-testid="tornado"
                on:click=move |e: ev::MouseEvent| {
                    if let Some(path) = clicked_path(&e) {
                        web::focus_lever(&path);
                    }
                }
                inner_html=move || {
                    let l = lang.get();
                    let money = move |v: f64| web::format(l, NumberKind::Money, v);
                    let n = report::Numbers { lang: l, money: &money };
                    result.with(|r| r.as_ref().map(|r| report::tornado(r, rows, &n)).unwrap_or_default())
                }
            ></ol>
            <p class="note">{tr(lang, OtherMsg::TornadoHint)}</p>
            {csv_button("csv-tornado", "troika-bottleneck.csv", lang, Box::new(move |l| {
                result.with_untracked(|r| r.as_ref().map(|r| super::csv::tornado(r, l)))
            }))}
        </div>
    }
}

/// A button that downloads one of a tab's tables as CSV (`ui/csv.rs`), written when clicked.
fn csv_button(
    testid: &'static str,
    file: &'static str,
    lang: RwSignal<Lang>,
    make: Box<dyn Fn(Lang) -> Option<String>>,
) -> impl IntoView {
    let click = move |_| {
        if let Some(text) = make(lang.get_untracked()) {
            web::download(file, &text, "text/csv;charset=utf-8");
        }
    };
    view! {
        <button type="button" class="csv" data-testid=testid on:click=click>{tr(lang, OtherMsg::CsvTable)}</button>
    }
}

/// The revenue bridge: between two months of the plan, or from the plan as loaded to now.
#[component]
fn BridgeTab() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let plans = RwSignal::new(false);
    let from = RwSignal::new(1usize);
    let to = RwSignal::new(s.plan.with_untracked(|p| p.horizon_months));
    let result = Memo::new_with_compare(
        move |_| -> Option<Bridge> {
            if plans.get() {
                let loaded = s.loaded.get();
                s.plan.with(|p| bridge::bridge_plans(&loaded, p, None).ok())
            } else {
                // Months beyond a shortened horizon fall back to its last month.
                s.plan.with(|p| {
                    let h = p.horizon_months;
                    bridge::bridge_months(p, from.get().min(h), to.get().min(h)).ok()
                })
            }
        },
        |_, _| true,
    );
    let pick = |signal: RwSignal<usize>| {
        move |e: ev::Event| {
            if let Ok(m) = event_target_value(&e).parse::<usize>() {
                web::mark_input();
                signal.set(m);
            }
        }
    };
    view! {
        <div class="bridge" data-testid="bridge">
            <div class="controls-row">
                <label>
                    {tr(lang, OtherMsg::Compare)}
                    <select data-testid="bridge-mode" on:change=move |e| plans.set(event_target_value(&e) == "plans")>
                        <option value="months">{tr(lang, OtherMsg::BridgeMonths)}</option>
                        <option value="plans">{tr(lang, OtherMsg::BridgePlans)}</option>
                    </select>
                </label>
                <Show when=move || !plans.get()>
                    <label>
                        {tr(lang, OtherMsg::From)}
                        <select data-testid="bridge-from" on:change=pick(from) prop:value=move || from.get().to_string()>
                            {month_options(s)}
                        </select>
                    </label>
                    <label>
                        {tr(lang, OtherMsg::To)}
                        <select data-testid="bridge-to" on:change=pick(to) prop:value=move || to.get().to_string()>
                            {month_options(s)}
                        </select>
                    </label>
                </Show>
            </div>
            {move || {
                let l = lang.get();
                result.with(|b| {
                    let b = (*b)?;
                    if b.from_revenue == b.to_revenue {
                        return Some(view! { <p class="note" data-testid="bridge-empty">{OtherMsg::NoChange.tr(l)}</p> }.into_any());
                    }
                    let money = move |v: f64| web::format(l, NumberKind::Money, v);
                    let (columns, cut) = report::waterfall(&b, &report::Numbers { lang: l, money: &money });
                    Some(view! {
                        <div class="waterfall" class:cut=cut.is_some() data-testid="waterfall" role="group" aria-label=Msg::TabBridge.tr(l) inner_html=columns></div>
                        <p class="note">{OtherMsg::BridgeNote.tr(l)}" "{cut}</p>
                    }.into_any())
                })
            }}
            {csv_button("csv-bridge", "troika-bridge.csv", lang, Box::new(move |l| {
                result.with_untracked(|b| b.map(|b| super::csv::bridge(&b, l)))
            }))}
        </div>
    }
}

/// Reverse planning: a month's target worked back to buyers, orders and spend per channel.
#[component]
fn ReverseTab() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let month = RwSignal::new(1usize);
    // The target typed here; `None` uses the plan's own target, else +20% on the month.
    let typed = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<Text>);
    let target = Memo::new(move |_| {
        typed.get().unwrap_or_else(|| {
            s.plan.with(|p| {
                s.projection.with(|r| {
                    r.as_ref()
                        .map_or(0.0, |r| reverse::default_target(p, r, month.get()))
                })
            })
        })
    });
    let result = Memo::new_with_compare(
        move |_| {
            let options = ReverseOptions {
                month: s.plan.with(|p| month.get().min(p.horizon_months)),
                target_cny: Some(target.get()),
            };
            s.plan.with(|p| reverse::reverse_plan(p, &options))
        },
        |_, _| true,
    );
    let target_lever = Lever {
        path: "target_cny".into(),
        field: &crate::plan::fields::TARGET_REVENUE,
        carriage: crate::plan::Carriage::Traffic,
        channel: None,
        advanced: false,
    };
    let set_target = move |e: ev::Event| {
        let text = event_target_value(&e);
        match target_lever.parse_input(&text, lang.get_untracked()) {
            Ok(v) => {
                web::mark_input();
                error.set(None);
                typed.set(Some(v));
            }
            Err(_) => error.set(Some(i18n::typed_refusal(&target_lever, &text))),
        }
    };
    // Spends that lose money are applied only on a second click, once the warning is read.
    let asked = RwSignal::new(None::<Plan>);
    let confirming = move || {
        result.with(|r| {
            r.as_ref()
                .is_ok_and(|r| r.warning.is_some() && asked.with(|a| a.as_ref() == Some(&r.plan)))
        })
    };
    let apply = move |_| {
        if let Some(Ok(r)) = result.try_get_untracked() {
            if r.warning.is_some() && !confirming() {
                asked.set(Some(r.plan));
                return;
            }
            web::mark_input();
            asked.set(None);
            s.edit(r.plan);
        }
    };
    view! {
        <div class="reverse" data-testid="reverse">
            <div class="controls-row">
                <label>
                    {tr(lang, Msg::Month)}
                    <select data-testid="reverse-month" prop:value=move || month.get().to_string() on:change=move |e| {
                        if let Ok(m) = event_target_value(&e).parse::<usize>() {
                            web::mark_input();
                            month.set(m);
                        }
                    }>
                        {month_options(s)}
                    </select>
                </label>
                <label>
                    {move || crate::plan::fields::TARGET_REVENUE.label(lang.get())}
                    <input
                        type="text"
                        class="number"
                        inputmode="decimal"
                        data-testid="reverse-target"
                        prop:value=move || web::format(lang.get(), NumberKind::Plain, target.get())
                        on:change=set_target
                    />
                </label>
                <button data-testid="reverse-apply" on:click=apply disabled=move || result.with(|r| !r.as_ref().is_ok_and(|r| r.reachable))>
                    {move || if confirming() { OtherMsg::ApplyAnyway.tr(lang.get()) } else { OtherMsg::ApplySpends.tr(lang.get()) }}
                </button>
            </div>
            <p class="warning" role="status" data-testid="reverse-warning">
                {move || result.with(|r| r.as_ref().ok().and_then(|r| r.warning.as_ref()).map(|w| {
                    let l = lang.get();
                    if confirming() { format!("{}{}{}", w.get(l), if l == Lang::Zh { "" } else { " " }, OtherMsg::ConfirmLoss.tr(l)) } else { w.get(l).to_string() }
                }))}
            </p>
            <p class="field-error" role="alert">{refusal_shown(lang, error)}</p>
            <p class="verdict" data-testid="reverse-verdict">
                {move || result.with(|r| match r {
                    Ok(r) => r.verdict.get(lang.get()).to_string(),
                    Err(e) => e.iter().next().map(|e| e.message(lang.get())).unwrap_or_default(),
                })}
            </p>
            <div class="tables scroll" tabindex="0" role="region" aria-label=tr(lang, Msg::TabReverse) inner_html=move || {
                let l = lang.get();
                result.with(|r| r.as_ref().ok().map(|r| reverse_tables(r, l)).unwrap_or_default())
            }></div>
            {csv_button("csv-reverse", "troika-reverse.csv", lang, Box::new(move |l| {
                result.with_untracked(|r| r.as_ref().ok().map(|r| super::csv::reverse(r, l)))
            }))}
        </div>
    }
}

/// The reverse plan's two tables: the month now and as needed, and each paid channel.
fn reverse_tables(r: &ReversePlan, l: Lang) -> String {
    let money = |v: f64| web::format(l, NumberKind::Money, v);
    let count = |v: f64| web::format(l, NumberKind::CountFull, v);
    let ratio = |v: Option<f64>| v.map_or("—".into(), |v| web::format(l, NumberKind::Ratio, v));
    let now = &r.current;
    let rows: Vec<Vec<String>> = vec![
        vec![
            Msg::Revenue.tr(l).into(),
            money(now.revenue),
            money(r.revenue),
        ],
        vec![
            OtherMsg::Buyers.tr(l).into(),
            count(now.buyers),
            count(r.buyers),
        ],
        vec![
            Msg::NewBuyers.tr(l).into(),
            count(now.new_customers),
            count(r.new_customers),
        ],
        vec![
            Msg::ReturningBuyers.tr(l).into(),
            count(now.returning),
            count(r.returning_buyers),
        ],
        vec![Msg::Orders.tr(l).into(), count(now.orders), count(r.orders)],
        vec![
            Msg::NewRevenue.tr(l).into(),
            money(now.revenue_new),
            money(r.new_revenue),
        ],
        vec![
            Msg::ReturningRevenue.tr(l).into(),
            money(now.revenue_returning),
            money(r.returning_revenue),
        ],
        vec![
            Msg::AdSpend.tr(l).into(),
            money(now.ad_spend),
            money(r.ad_spend_cny),
        ],
        vec![Msg::RoasFirst.tr(l).into(), ratio(now.roas), ratio(r.roas)],
        vec![
            Msg::Cac.tr(l).into(),
            now.cac.map_or("—".into(), money),
            r.cac.map_or("—".into(), money),
        ],
    ];
    let mut html = report::table(
        "roas reverse-month",
        "reverse-table",
        &[&r.label, Msg::Now.tr(l), Msg::Needed.tr(l)],
        &rows,
    );
    let channels: Vec<Vec<String>> = r
        .channels
        .iter()
        .map(|c| {
            let needed = match (c.spend_cny, c.shortfall_cny) {
                (Some(v), _) => money(v),
                (None, short) => format!(
                    "{} ({} {})",
                    OtherMsg::Unreachable.tr(l),
                    Msg::ShortBy.tr(l),
                    money(short.unwrap_or(0.0))
                ),
            };
            vec![
                report::escape(&c.name),
                money(c.current_spend_cny),
                needed,
                count(c.current_visitors),
                count(c.visitors),
                count(c.max_visitors),
            ]
        })
        .collect();
    html.push_str(&report::table(
        "roas reverse-channels",
        "reverse-channels",
        &[
            Msg::Channel.tr(l),
            Msg::AdSpend.tr(l),
            Msg::Needed.tr(l),
            Msg::Visitors.tr(l),
            Msg::Needed.tr(l),
            Msg::Ceiling.tr(l),
        ],
        &channels,
    ));
    html
}

/// The budget optimiser: objective, budget, per-channel bounds; allocation, curves, apply.
#[component]
fn BudgetTab() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let objective = RwSignal::new(Objective::Revenue);
    let flexible = RwSignal::new(false);
    let budget = RwSignal::new(None::<f64>);
    let target_roas = RwSignal::new(2.0f64);
    let bounds = RwSignal::new(Vec::<Bound>::new());
    // Another plan loaded (a preset, a file): its channels are others, so bounds start afresh.
    Effect::new(move |prev: Option<u32>| {
        let g = s.generation.get();
        if prev.is_some_and(|p| p != g) {
            bounds.set(Vec::new());
            budget.set(None);
        }
        g
    });
    let error = RwSignal::new(None::<Text>);
    let root = NodeRef::<leptos::html::Div>::new();
    let result = settled(
        root,
        move || {
            let options = OptimizeOptions {
                objective: objective.get(),
                budget: if flexible.get() {
                    Budget::Flexible {
                        target_roas: target_roas.get(),
                    }
                } else {
                    Budget::Fixed {
                        monthly_cny: budget.get(),
                    }
                },
                bounds: bounds.get(),
            };
            (s.plan.get(), options)
        },
        |(plan, options): (Plan, OptimizeOptions)| Some(optimize::optimize(&plan, &options)),
    );
    // A money box of the budget tab; `label` names it in the user's language.
    let money_field =
        move |label: Arc<dyn Fn(Lang) -> String + Send + Sync>,
              on_value: Arc<dyn Fn(Option<f64>) + Send + Sync>| {
            move |e: ev::Event| {
                let text = event_target_value(&e);
                let l = lang.get_untracked();
                if text.trim().is_empty() {
                    error.set(None);
                    on_value(None);
                    return;
                }
                // Named in the language the message is worded in.
                let label = label.clone();
                let lever = move |l: Lang| Lever {
                    path: String::new(),
                    field: &crate::plan::fields::SPEND,
                    carriage: crate::plan::Carriage::Traffic,
                    channel: Some(label(l)),
                    advanced: false,
                };
                match lever(l).parse_input(&text, l) {
                    Ok(v) => {
                        web::mark_input();
                        error.set(None);
                        on_value(Some(v));
                    }
                    Err(_) => error.set(Some(Text::worded(|l| {
                        lever(l).parse_input(&text, l).err().unwrap_or_default()
                    }))),
                }
            }
        };
    let set_budget = money_field(
        Arc::new(|l| Msg::MonthlyBudget.tr(l).to_string()),
        Arc::new(move |v| budget.set(v)),
    );
    let set_roas = move |e: ev::Event| {
        let text = event_target_value(&e);
        match crate::plan::levers::read_plain(&text, false) {
            Some(v) if optimize::TARGET_ROAS.contains(&v) => {
                web::mark_input();
                error.set(None);
                target_roas.set(v);
            }
            _ => error.set(Some(Text::worded(|l| {
                let range = crate::plan::fields::plain_range(
                    *optimize::TARGET_ROAS.start(),
                    *optimize::TARGET_ROAS.end(),
                    l,
                );
                match l {
                    Lang::En => format!(
                        "{}: “{text}” is not allowed; allowed {range}",
                        Msg::TargetRoas.tr(l)
                    ),
                    Lang::Zh => format!("{}：“{text}”无效；允许 {range}", Msg::TargetRoas.tr(l)),
                }
            }))),
        }
    };
    let apply = move |_| {
        if let Some(Ok(o)) = result.get_untracked() {
            web::mark_input();
            s.edit(o.plan);
        }
    };
    // A bound's box shows the bound in force (empty when there is none), so a new plan, which
    // clears the bounds, clears the boxes too.
    let shown_bound = move |id: String, is_max: bool| {
        move || {
            let l = lang.get();
            bounds
                .with(|b| {
                    let b = b.iter().find(|x| x.id == id)?;
                    let v = if is_max {
                        b.max_cny?
                    } else {
                        Some(b.min_cny).filter(|v| *v > 0.0)?
                    };
                    Some(web::format(l, NumberKind::Plain, v))
                })
                .unwrap_or_default()
        }
    };
    // Bound inputs: one row per paid channel.
    let set_bound = move |id: String, name: String, is_max: bool| {
        let label = move |l: Lang| i18n::bound_label(&name, is_max, l);
        money_field(
            Arc::new(label),
            Arc::new(move |v| {
                bounds.update(|b| {
                    let i = match b.iter().position(|x| x.id == id) {
                        Some(i) => i,
                        None => {
                            b.push(Bound {
                                id: id.clone(),
                                min_cny: 0.0,
                                max_cny: None,
                            });
                            b.len() - 1
                        }
                    };
                    if is_max {
                        b[i].max_cny = v;
                    } else {
                        b[i].min_cny = v.unwrap_or(0.0);
                    }
                })
            }),
        )
    };
    let paid = Memo::new(move |_| {
        s.plan.with(|p| {
            p.channels
                .iter()
                .filter(|c| matches!(c.kind, crate::plan::ChannelKind::Paid { .. }))
                .map(|c| (c.id.to_string(), c.name.to_string()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="budget" data-testid="budget" node_ref=root>
            <div class="controls-row">
                <label>
                    {tr(lang, OtherMsg::Maximise)}
                    <select data-testid="budget-objective" on:change=move |e| {
                        web::mark_input();
                        objective.set(if event_target_value(&e) == "profit" { Objective::Profit } else { Objective::Revenue });
                    }>
                        <option value="revenue">{tr(lang, Msg::Revenue)}</option>
                        <option value="profit">{tr(lang, OtherMsg::Profit)}</option>
                    </select>
                </label>
                <label>
                    {tr(lang, OtherMsg::BudgetMode)}
                    <select data-testid="budget-mode" on:change=move |e| {
                        web::mark_input();
                        flexible.set(event_target_value(&e) == "flexible");
                    }>
                        <option value="fixed">{tr(lang, OtherMsg::FixedBudget)}</option>
                        <option value="flexible">{tr(lang, OtherMsg::FlexibleBudget)}</option>
                    </select>
                </label>
                <Show when=move || !flexible.get()>
                    <label>
                        {tr(lang, Msg::MonthlyBudget)}
                        <input type="text" class="number" inputmode="decimal" data-testid="budget-total"
                            placeholder=move || result.with(|r| match r {
                                Some(Ok(o)) => web::format(lang.get(), NumberKind::Plain, o.total_current_cny.round()),
                                _ => String::new(),
                            })
                            prop:value=move || budget.get().map(|v| web::format(lang.get(), NumberKind::Plain, v)).unwrap_or_default()
                            on:change=set_budget.clone()
                        />
                    </label>
                </Show>
                <Show when=move || flexible.get()>
                    <label>
                        {tr(lang, Msg::TargetRoas)}
                        <input type="text" class="number" inputmode="decimal" data-testid="budget-roas"
                            prop:value=move || target_roas.get().to_string() on:change=set_roas />
                    </label>
                </Show>
                <button data-testid="budget-apply" on:click=apply disabled=move || result.with(|r| !matches!(r, Some(Ok(_))))>
                    {tr(lang, OtherMsg::ApplyAllocation)}
                </button>
            </div>
            <p class="field-error" role="alert">{refusal_shown(lang, error)}</p>
            <p class="verdict" data-testid="budget-verdict">
                {move || result.with(|r| match r {
                    Some(Ok(o)) => o.verdict.get(lang.get()).to_string(),
                    Some(Err(e)) if e.iter().any(|e| e.path == "channels") => OtherMsg::NoPaid.tr(lang.get()).to_string(),
                    Some(Err(e)) => e.iter().next().map(|e| s.plan.with(|p| bounds.with(|b| i18n::budget_refusal(e, p, b, lang.get())))).unwrap_or_default(),
                    None => String::new(),
                })}
            </p>
            <div class="tables scroll" tabindex="0" role="region" aria-label=tr(lang, Msg::TabBudget)>
                <table class="roas budget-table" data-testid="budget-table">
                    <thead><tr>
                        <th>{tr(lang, Msg::Channel)}</th>
                        <th>{tr(lang, Msg::Now)}</th>
                        <th>{tr(lang, Msg::Optimal)}</th>
                        <th>{tr(lang, Msg::MarginalRoas)}</th>
                        <th>{tr(lang, Msg::Min)}</th>
                        <th>{tr(lang, Msg::Max)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || paid.get() key=|c| c.clone() children=move |(id, name)| {
                            let row = {
                                let id = id.clone();
                                move || result.with(|r| match r {
                                    Some(Ok(o)) => o.allocations.iter().find(|a| a.id == id).cloned(),
                                    _ => None,
                                })
                            };
                            let l = move || lang.get();
                            let cell = move |f: fn(&optimize::Allocation) -> f64, kind: NumberKind| {
                                let row = row.clone();
                                move || row().map(|a| web::format(l(), kind, f(&a))).unwrap_or_default()
                            };
                            view! {
                                <tr data-channel=id.clone()>
                                    <th scope="row">{name.clone()}</th>
                                    <td>{cell(|a| a.current_cny, NumberKind::Money)}</td>
                                    <td class="optimal">{cell(|a| a.optimal_cny, NumberKind::Money)}</td>
                                    <td>{cell(|a| a.marginal_roas, NumberKind::Ratio)}</td>
                                    <td><input type="text" class="number bound" inputmode="decimal" data-bound="min" prop:value=shown_bound(id.clone(), false) on:change=set_bound(id.clone(), name.clone(), false)
                                        aria-label={ let name = name.clone(); move || i18n::bound_label(&name, false, lang.get()) } /></td>
                                    <td><input type="text" class="number bound" inputmode="decimal" data-bound="max" prop:value=shown_bound(id.clone(), true) on:change=set_bound(id.clone(), name.clone(), true)
                                        aria-label={ let name = name.clone(); move || i18n::bound_label(&name, true, lang.get()) } /></td>
                                </tr>
                            }
                        } />
                    </tbody>
                </table>
            </div>
            <div class="curves" data-testid="curves" inner_html=move || {
                let l = lang.get();
                let money = move |v: f64| web::format(l, NumberKind::Money, v);
                result.with(|r| match r {
                    Some(Ok(o)) => report::response_curves(o, &report::Numbers { lang: l, money: &money }),
                    _ => String::new(),
                })
            }></div>
            <p class="note">{tr(lang, OtherMsg::CurvesNote)}</p>
            {csv_button("csv-budget", "troika-budget.csv", lang, Box::new(move |l| {
                result.with_untracked(|r| match r {
                    Some(Ok(o)) => Some(super::csv::budget(o, l)),
                    _ => None,
                })
            }))}
        </div>
    }
}

/// A Monte Carlo run and its settings. It belongs to the analyses panel, not to the tab: a run
/// goes on when the user opens another tab, and its result is there when they come back. The
/// run is a task owned by the panel (cancelled if the panel goes), so nothing outlives its
/// owner.
#[derive(Clone, Copy)]
struct McRun {
    /// The ranges, ±% per lever path; defaults for the plan's levers.
    ranges: RwSignal<Vec<Range>>,
    seed: RwSignal<u64>,
    trials: RwSignal<usize>,
    /// The last complete run.
    fan: RwSignal<Option<Fan>>,
    /// The plan and ranges of the last complete run.
    ran_with: RwSignal<Option<(Plan, Vec<Range>)>>,
    /// Trials done and to do, while a run is going.
    progress: RwSignal<Option<(usize, usize)>>,
    /// Asks the running task to stop.
    cancel: StoredValue<bool>,
    /// Stops the Web Workers of a run going in them.
    stop: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// The last run was cancelled.
    cancelled: RwSignal<bool>,
    /// The last problem with the options, worded in the page's language.
    error: RwSignal<Option<Text>>,
    /// The panel's owner: the run's task lives (and is cancelled) with it.
    owner: StoredValue<Option<Owner>>,
}

impl McRun {
    fn new(s: AppState) -> McRun {
        let ranges = RwSignal::new(s.plan.with_untracked(monte_carlo::default_ranges));
        // Another plan loaded: the default ranges for its own levers.
        Effect::new(move |prev: Option<u32>| {
            let g = s.generation.get();
            if prev.is_some_and(|p| p != g) {
                ranges.set(s.plan.with_untracked(monte_carlo::default_ranges));
            }
            g
        });
        let stop = StoredValue::new_local(None::<js_sys::Function>);
        // The panel goes: its workers go with it.
        on_cleanup(move || {
            if let Some(f) = stop.try_get_value().flatten() {
                let _ = f.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        McRun {
            ranges,
            stop,
            seed: RwSignal::new(1),
            trials: RwSignal::new(10_000),
            fan: RwSignal::new(None),
            ran_with: RwSignal::new(None),
            progress: RwSignal::new(None),
            cancel: StoredValue::new(false),
            cancelled: RwSignal::new(false),
            error: RwSignal::new(None),
            owner: StoredValue::new(Owner::current()),
        }
    }

    /// Stops the run going, in workers or here.
    fn stop(self) {
        self.cancel.set_value(true);
        if let Some(f) = self.stop.get_value() {
            let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    /// Whether the last complete run was for another plan or other ranges.
    fn stale(&self, s: AppState) -> bool {
        self.ran_with.with(|r| match r {
            Some((plan, used)) => s.plan.with(|p| p != plan) || self.ranges.with(|x| x != used),
            None => false,
        })
    }

    /// Starts a run on the plan on screen, unless one is going.
    fn start(self, s: AppState) {
        if self.progress.get_untracked().is_some() {
            return;
        }
        let plan = s.plan.get_untracked();
        let options = MonteCarloOptions {
            ranges: Some(self.ranges.get_untracked()),
            seed: self.seed.get_untracked(),
            trials: self.trials.get_untracked(),
        };
        let mut mc = match MonteCarlo::new(&plan, &options) {
            Ok(mc) => mc,
            Err(e) => {
                self.error.set(i18n::first_error(&e));
                return;
            }
        };
        self.error.set(None);
        self.cancel.set_value(false);
        self.cancelled.set(false);
        self.progress.set(Some(mc.progress()));
        let plan_json = crate::codec::plan_to_json(&plan);
        let options_json = serde_json::to_string(&options).unwrap_or_default();
        let used = (plan, options.ranges.clone().unwrap_or_default());
        let run = self;
        let task = async move {
            // In Web Workers, so the page stays free for input; the same trials, in order, so
            // the answer is the same bits. Where workers cannot run it, here in slices.
            let total = mc.progress().1;
            let heard = Closure::<dyn FnMut(f64)>::new(move |done: f64| {
                run.progress.try_set(Some((done as usize, total)));
            });
            let workers = web::mc_in_workers(&plan_json, &options_json, total, &heard);
            run.stop.set_value(Some(workers.stop.clone()));
            let ended = workers.end().await;
            run.stop.set_value(None);
            drop(heard);
            match ended {
                web::WorkerEnd::Cancelled => {
                    run.progress.set(None);
                    run.cancelled.set(true);
                    return;
                }
                // Cancel clicked as the workers finished: cancelled all the same.
                web::WorkerEnd::Done(_) if run.cancel.try_get_value().unwrap_or(true) => {
                    run.progress.set(None);
                    run.cancelled.set(true);
                    return;
                }
                web::WorkerEnd::Done(parts) => {
                    // Slices that do not add up: the run starts again, here.
                    mc.absorb_all(&parts);
                }
                web::WorkerEnd::Unavailable => {}
            }
            let go_on = || !run.cancel.try_get_value().unwrap_or(true);
            let progress = |p| run.progress.set(Some(p));
            if !web::mc_in_slices(&mut mc, go_on, progress).await {
                run.progress.set(None);
                run.cancelled.set(true);
                return;
            }
            run.fan.set(Some(mc.result()));
            run.ran_with.set(Some(used));
            run.progress.set(None);
        };
        match self.owner.get_value() {
            Some(owner) => owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task)),
            None => leptos::task::spawn_local_scoped_with_cancellation(task),
        }
    }
}

/// Uncertainty: ranges on key assumptions, a Monte Carlo run in slices with progress and a
/// cancel button, the fan chart and the chance of reaching the target.
#[component]
fn UncertaintyTab(run: McRun) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let McRun {
        ranges,
        seed,
        trials,
        fan,
        progress,
        cancelled,
        error,
        ..
    } = run;
    let labels = Memo::new(move |_| {
        s.plan.with(|p| {
            crate::plan::levers::levers(p)
                .into_iter()
                .map(|l| (l.path.clone(), (l.label(Lang::En), l.label(Lang::Zh))))
                .collect::<Vec<_>>()
        })
    });

    // A range in the lever's own units, month 1: "3.2% · 4% · 4.8%".
    let values = move |path: String| {
        move || {
            let l = lang.get();
            let range =
                ranges.with(|rs| rs.iter().find(|r| r.path == path).map(|r| (r.low, r.high)))?;
            s.plan.with(|p| {
                let lever = crate::plan::levers::levers(p)
                    .into_iter()
                    .find(|x| x.path == path)?;
                let v = crate::plan::levers::get(p, &path)?;
                let unit = if lever.percent() { "%" } else { "" };
                let show = |m: f64| {
                    let shown = lever.to_display((v * m).clamp(lever.field.min, lever.field.max));
                    format!(
                        "{}{unit}",
                        web::format(l, NumberKind::Plain, (shown * 100.0).round() / 100.0)
                    )
                };
                Some(format!(
                    "{} · {} · {}",
                    show(range.0),
                    show(1.0),
                    show(range.1)
                ))
            })
        }
    };

    let start = move || run.start(s);
    // Opening the tab runs the plan on screen, unless a run is going or the last one is current.
    Effect::new(move |_| {
        let current = untrack(|| run.ran_with.with(Option::is_some) && !run.stale(s));
        if !current {
            start();
        }
    });
    let stale = move || run.stale(s);
    let set_spread = move |path: String, high: bool| {
        move |e: ev::Event| {
            let text = event_target_value(&e);
            // The low side may be typed with its minus sign, the high side with its plus.
            let trimmed = text.trim();
            let unsigned = if high {
                trimmed.strip_prefix(['+', '＋']).unwrap_or(trimmed)
            } else {
                trimmed.strip_prefix(['-', '−', '－']).unwrap_or(trimmed)
            };
            // The spread's limits are the core's.
            let max = crate::plan::fields::Unit::Rate.to_display(monte_carlo::max_spread(high));
            let multiplier = crate::plan::levers::read_plain(unsigned, true)
                .and_then(|v| monte_carlo::spread_multiplier(v, high));
            match multiplier {
                Some(m) => {
                    error.set(None);
                    ranges.update(|rs| {
                        if let Some(r) = rs.iter_mut().find(|r| r.path == path) {
                            if high {
                                r.high = m;
                            } else {
                                r.low = m;
                            }
                        }
                    });
                }
                _ => {
                    let names = labels.with_untracked(|ls| {
                        ls.iter()
                            .find(|(p, _)| *p == path)
                            .map(|(_, names)| names.clone())
                            .unwrap_or_default()
                    });
                    error.set(Some(Text::worded(|l| {
                        let (en, zh) = &names;
                        match l {
                            Lang::En => {
                                format!("{en}: “{text}” is not allowed; allowed 0% to {max}%")
                            }
                            Lang::Zh => format!("{zh}：“{text}”无效；允许 0% 至 {max}%"),
                        }
                    })));
                }
            }
        }
    };
    let set_seed = move |e: ev::Event| {
        let text = event_target_value(&e);
        match crate::plan::levers::read_whole(&text) {
            Some(v) => {
                error.set(None);
                seed.set(v);
            }
            None => error.set(Some(Text::worded(|l| {
                let max = crate::plan::lang::group_digits(&u64::MAX.to_string());
                match l {
                    Lang::En => format!(
                        "{}: “{text}” is not a whole number from 0 to {max}",
                        OtherMsg::Seed.tr(l)
                    ),
                    Lang::Zh => format!("{}：“{text}”不是 0 至 {max} 的整数", OtherMsg::Seed.tr(l)),
                }
            }))),
        }
    };
    let set_trials = move |e: ev::Event| {
        if let Ok(v) = event_target_value(&e).parse::<usize>() {
            trials.set(v);
        }
    };
    let chart = Signal::derive(move || fan.with(|f| f.as_ref().map(crate::charts::analysis::fan)));
    view! {
        <div class="uncertainty" data-testid="uncertainty">
            <div class="controls-row">
                <label>
                    {tr(lang, OtherMsg::Seed)}
                    <input type="text" class="number" inputmode="numeric" data-testid="mc-seed"
                        prop:value=move || seed.get().to_string()
                        on:change=set_seed />
                </label>
                <label>
                    {tr(lang, OtherMsg::Trials)}
                    <select data-testid="mc-trials" prop:value=move || trials.get().to_string()
                        on:change=set_trials>
                        <option value="1000">"1,000"</option>
                        <option value="10000">"10,000"</option>
                        <option value="50000">"50,000"</option>
                    </select>
                </label>
                <button data-testid="mc-run" on:click=move |_| start() disabled=move || progress.get().is_some()>
                    {tr(lang, OtherMsg::Run)}
                </button>
                <Show when=move || progress.get().is_some()>
                    <progress data-testid="mc-progress"
                        max=move || progress.get().map_or(1, |p| p.1).to_string()
                        value=move || progress.get().map_or(0, |p| p.0).to_string()></progress>
                    // Cancel before the count, which changes width as it counts: the button
                    // stays where the user aims.
                    <button data-testid="mc-cancel" on:click=move |_| run.stop()>{tr(lang, OtherMsg::Cancel)}</button>
                    <span class="note">{move || {
                        let (d, t) = progress.get().unwrap_or((0, 1));
                        format!("{} {} / {}", OtherMsg::Running.tr(lang.get()), web::format(lang.get(), NumberKind::CountFull, d as f64), web::format(lang.get(), NumberKind::CountFull, t as f64))
                    }}</span>
                </Show>
            </div>
            <p class="field-error" role="alert">{refusal_shown(lang, error)}</p>
            <p class="note" data-testid="mc-cancelled">{move || cancelled.get().then(|| OtherMsg::Cancelled.tr(lang.get()))}</p>
            <p class="note stale" data-testid="mc-stale">{move || stale().then(|| OtherMsg::Stale.tr(lang.get()))}</p>
            <p class="verdict" data-testid="mc-verdict">{move || fan.with(|f| f.as_ref().map(|f| f.verdict.get(lang.get()).to_string()))}</p>
            <ChartFrame title=Msg::FanTitle data=chart testid="chart-fan" />
            {csv_button("csv-fan", "troika-uncertainty.csv", lang, Box::new(move |l| {
                fan.with_untracked(|f| f.as_ref().map(|f| super::csv::fan(f, l)))
            }))}
            <div class="scroll" tabindex="0" role="region" aria-label=tr(lang, Msg::TabUncertainty)><table class="roas ranges" data-testid="mc-ranges">
                <thead><tr>
                    <th>{tr(lang, Msg::Assumption)}</th>
                    <th>{tr(lang, OtherMsg::Low)}</th>
                    <th>{tr(lang, OtherMsg::High)}</th>
                    <th>{tr(lang, OtherMsg::LowLikelyHigh)}</th>
                </tr></thead>
                <tbody>
                    <For each=move || ranges.get() key=|r| r.path.clone() children=move |r| {
                        let path = r.path.clone();
                        let name = {
                            let path = path.clone();
                            move || labels.with(|ls| ls.iter().find(|(p, _)| *p == path).map(|(_, (en, zh))| if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }).unwrap_or_default())
                        };
                        // The box shows the range in force: a refused entry stays (beside its
                        // message) only until the ranges change, as when another plan loads.
                        let side = move |path: String, high: bool| {
                            move || ranges.with(|rs| {
                                rs.iter().find(|x| x.path == path).map(|x| {
                                    let v = if high { x.high - 1.0 } else { 1.0 - x.low };
                                    let shown = crate::plan::fields::Unit::Rate.to_display(v).abs();
                                    web::format(lang.get(), NumberKind::Plain, (shown * 100.0).round() / 100.0)
                                })
                            }).unwrap_or_default()
                        };
                        view! {
                            <tr data-path=path.clone()>
                                <th scope="row">{name.clone()}</th>
                                <td><input type="text" class="number" inputmode="decimal" data-side="low" prop:value=side(path.clone(), false) on:change=set_spread(path.clone(), false)
                                    aria-label={ let name = name.clone(); move || format!("{} · {}", name(), OtherMsg::SpreadLow.tr(lang.get())) } /></td>
                                <td><input type="text" class="number" inputmode="decimal" data-side="high" prop:value=side(path.clone(), true) on:change=set_spread(path.clone(), true)
                                    aria-label={ let name = name.clone(); move || format!("{} · {}", name(), OtherMsg::SpreadHigh.tr(lang.get())) } /></td>
                                <td class="values">{values(path.clone())}</td>
                            </tr>
                        }
                    } />
                </tbody>
            </table></div>
        </div>
    }
}
