//! The three-carriage task sheet: what 流量, 运营 and 会员营销 each take home from a plan (seed
//! 000: the June target split into each team's tasks).
//!
//! Every figure is a projection figure or one of the plan's own inputs; each [`Measure`] says
//! which. The sheet adds no arithmetic of its own beyond summing the model's monthly and
//! per-channel figures over the scope.

use serde::{Deserialize, Serialize};

use crate::analysis::sensitivity::blended_conversion;
use crate::model::{self, Projection};
use crate::plan::{Carriage, Plan, PlanError, PlanErrors, Problem, Series, Text};

/// The period a sheet (or a story step) covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One plan month, 1-based.
    Month(usize),
    /// Every month of the plan.
    Horizon,
}

impl Scope {
    /// The period of a goal: its month for one month's revenue, else the horizon.
    pub fn of_goal(goal: crate::analysis::sensitivity::Goal) -> Scope {
        match (goal.metric, goal.month) {
            (crate::presets::Metric::MonthRevenue, Some(m)) => Scope::Month(m),
            (crate::presets::Metric::MonthRevenue, None) => Scope::Month(1),
            _ => Scope::Horizon,
        }
    }

    /// Checks a month against the plan's horizon (`scope.month`, 1 to the horizon).
    pub fn check(self, plan: &Plan) -> Result<(), PlanErrors> {
        match self {
            Scope::Month(m) if !(1..=plan.horizon_months).contains(&m) => Err(PlanError::new(
                "scope.month",
                Some(m.to_string()),
                Problem::OutOfRange {
                    min: 1.0,
                    max: plan.horizon_months as f64,
                },
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// The period in words: `2026-06`, or `2026-06 to 2027-05 (12 months)` /
    /// `2026-06 至 2027-05（12 个月）`.
    pub fn label(self, plan: &Plan) -> Text {
        match self {
            Scope::Month(m) => {
                let label = plan.month_label(m.saturating_sub(1));
                Text {
                    en: label.clone(),
                    zh: label,
                }
            }
            Scope::Horizon => {
                let h = plan.horizon_months;
                let (a, b) = (plan.month_label(0), plan.month_label(h.saturating_sub(1)));
                Text {
                    en: format!("{a} to {b} ({h} months)"),
                    zh: format!("{a} 至 {b}（{h} 个月）"),
                }
            }
        }
    }

    /// The plan months (0-based) the scope covers.
    fn months(self, horizon: usize) -> std::ops::Range<usize> {
        match self {
            Scope::Month(m) => m.saturating_sub(1)..m.min(horizon),
            Scope::Horizon => 0..horizon,
        }
    }
}

/// How a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// CNY.
    Money,
    /// People or orders (expected values, fractional).
    Count,
    /// A share, 0 to 1, shown as a percentage.
    Share,
    /// A plain number (a ROAS, a multiplier), shown to two decimals.
    Number,
}

/// A figure of the task sheet, and which model figure or plan input it is. "Month" is the
/// scope's [`crate::Month`]; "horizon" its [`crate::Totals`] or, where totals lack it, the sum
/// over the months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 流量: first-time buyers. `Month::new_customers`; horizon `Totals::new_customers`.
    NewBuyers,
    /// 流量: what new buyers spend. `Month::revenue_new`; horizon `Totals::revenue_new`.
    NewRevenue,
    /// 流量: paid-channel spend. `Month::ad_spend`; horizon `Totals::ad_spend`.
    AdSpend,
    /// 流量: first-order revenue of the buyers the paid channels brought, existing members
    /// included: `ChannelMonth::first_order_revenue` (horizon `ChannelTotals::first_order_revenue`)
    /// summed over the paid channels.
    AdRevenue,
    /// 流量: ad revenue per yuan of ad spend (投产比). `Month::roas_first_order`; horizon
    /// `Totals::roas_first_order`. None without ad spend.
    Roas,
    /// 流量: acquisition cost (ads, commission, event fees) per new customer. `Month::cac`; horizon
    /// `Totals::cac`. None without new customers.
    Cac,
    /// 运营: buyers the channels brought per visitor. `Month::conversion_rate`; horizon
    /// [`blended_conversion`] (the months' channel buyers over their visitors). None without
    /// visitors.
    ConversionRate,
    /// 运营: revenue per buyer (客单价). `Month::revenue_per_buyer`; horizon `Totals::revenue`
    /// over `Totals::buyers` (buyer-months). None without buyers.
    Aov,
    /// 运营: orders placed. `Month::orders`; horizon `Totals::orders`.
    Orders,
    /// 运营: buyers, new and returning. `Month::buyers`; horizon `Totals::buyers` (buyer-months).
    Buyers,
    /// 会员营销: buyers who had bought before. `Month::returning_customers`; horizon
    /// `Totals::returning_customers`.
    ReturningBuyers,
    /// 会员营销: what returning buyers spend. `Month::revenue_returning`; horizon
    /// `Totals::revenue_returning`.
    ReturningRevenue,
    /// 会员营销: earlier new customers buying a second time. `Month::first_repurchasers`, summed
    /// over the scope's months.
    FirstRepurchasers,
    /// 会员营销: the share of last month's new customers who buy again (新客转老客率) that the
    /// plan asks of membership: `membership.first_repurchase_rate` times 1 +
    /// `membership.crm.first_repurchase_lift` (at most 1, as the model takes it; events' lifts of
    /// returning buyers not counted), in the scope's month or its mean over the horizon.
    FirstRepurchaseRate,
    /// 会员营销: the monthly repeat-purchase rate of active repeat customers the plan asks of
    /// membership: `membership.repeat_purchase_rate` times 1 + `membership.crm.repeat_lift` (at
    /// most 1; events not counted), in the scope's month or its mean over the horizon.
    RepeatRate,
}

impl Measure {
    /// Its label in both languages.
    pub fn label(self) -> Text {
        let (en, zh) = match self {
            Measure::NewBuyers => ("New buyers", "新客数"),
            Measure::NewRevenue => ("New-buyer revenue", "新客销售额"),
            Measure::AdSpend => ("Ad spend", "广告花费"),
            Measure::AdRevenue => ("Ad revenue (first orders)", "广告带来的首单销售额"),
            Measure::Roas => ("Ad ROAS (first orders)", "广告投产比（首单）"),
            Measure::Cac => ("Cost per new buyer (CAC)", "新客获取成本"),
            Measure::ConversionRate => ("Conversion rate", "转化率"),
            Measure::Aov => ("AOV (revenue per buyer)", "客单价"),
            Measure::Orders => ("Orders", "订单数"),
            Measure::Buyers => ("Buyers", "购买人数"),
            Measure::ReturningBuyers => ("Returning buyers", "老客数"),
            Measure::ReturningRevenue => ("Returning-buyer revenue", "老客销售额"),
            Measure::FirstRepurchasers => ("New customers buying again", "新客转老客人数"),
            Measure::FirstRepurchaseRate => ("First-repurchase rate", "新客转老客率"),
            Measure::RepeatRate => ("Monthly repeat rate", "老客月复购率"),
        };
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// How it is shown.
    pub fn unit(self) -> Unit {
        match self {
            Measure::NewRevenue
            | Measure::AdSpend
            | Measure::AdRevenue
            | Measure::Cac
            | Measure::Aov
            | Measure::ReturningRevenue => Unit::Money,
            Measure::NewBuyers
            | Measure::Orders
            | Measure::Buyers
            | Measure::ReturningBuyers
            | Measure::FirstRepurchasers => Unit::Count,
            Measure::ConversionRate | Measure::FirstRepurchaseRate | Measure::RepeatRate => {
                Unit::Share
            }
            Measure::Roas => Unit::Number,
        }
    }

    /// The carriage whose task it is.
    pub fn carriage(self) -> Carriage {
        match self {
            Measure::NewBuyers
            | Measure::NewRevenue
            | Measure::AdSpend
            | Measure::AdRevenue
            | Measure::Roas
            | Measure::Cac => Carriage::Traffic,
            Measure::ConversionRate | Measure::Aov | Measure::Orders | Measure::Buyers => {
                Carriage::Operations
            }
            Measure::ReturningBuyers
            | Measure::ReturningRevenue
            | Measure::FirstRepurchasers
            | Measure::FirstRepurchaseRate
            | Measure::RepeatRate => Carriage::Membership,
        }
    }

    /// Every measure, in the sheet's order (traffic, operations, membership).
    pub const ALL: [Measure; 15] = [
        Measure::NewBuyers,
        Measure::NewRevenue,
        Measure::AdSpend,
        Measure::AdRevenue,
        Measure::Roas,
        Measure::Cac,
        Measure::ConversionRate,
        Measure::Aov,
        Measure::Orders,
        Measure::Buyers,
        Measure::ReturningBuyers,
        Measure::ReturningRevenue,
        Measure::FirstRepurchasers,
        Measure::FirstRepurchaseRate,
        Measure::RepeatRate,
    ];
}

/// One line of a team's tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Which figure.
    pub measure: Measure,
    /// Its label ([`Measure::label`]).
    pub label: Text,
    /// How it is shown ([`Measure::unit`]).
    pub unit: Unit,
    /// The figure; `None` where it is undefined (ROAS without ad spend, AOV without buyers).
    pub value: Option<f64>,
}

/// What one carriage must deliver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    /// The carriage.
    pub carriage: Carriage,
    /// Its name (流量, 运营, 会员营销).
    pub name: Text,
    /// Its task in one sentence.
    pub task: Text,
    /// Its figures.
    pub lines: Vec<Line>,
}

/// The three-carriage task sheet of a plan for a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskSheet {
    /// The period covered.
    pub scope: Scope,
    /// The period in words ([`Scope::label`]).
    pub period: Text,
    /// Revenue: `Month::revenue`; horizon `Totals::revenue`.
    pub revenue: f64,
    /// The plan's revenue target over the scope, if it has one: `Month::target_revenue`;
    /// horizon `Totals::target_revenue`.
    pub target: Option<f64>,
    /// Traffic, operations and membership, in that order.
    pub teams: Vec<Team>,
    /// Existing members the channels brought back (`Month::existing_via_channels`, summed over
    /// the scope): they are in both traffic's ad revenue and membership's returning buyers.
    pub returning_via_channels: f64,
    /// That overlap in words, so that nobody adds the two up.
    pub overlap: Text,
}

impl TaskSheet {
    /// The value of a measure on the sheet.
    pub fn get(&self, measure: Measure) -> Option<f64> {
        self.teams
            .iter()
            .flat_map(|t| &t.lines)
            .find(|l| l.measure == measure)
            .and_then(|l| l.value)
    }
}

/// What each carriage must deliver in `plan` over `scope`: see [`Measure`] for each figure. The
/// plan and the month are checked.
pub fn task_sheet(plan: &Plan, scope: Scope) -> Result<TaskSheet, PlanErrors> {
    plan.validate()?;
    scope.check(plan)?;
    Ok(sheet_of(plan, &model::project(plan), scope))
}

/// The sheet from a projection of `plan` already made (plan and scope checked).
pub(crate) fn sheet_of(plan: &Plan, p: &Projection, scope: Scope) -> TaskSheet {
    let months = scope.months(p.months.len());
    let sum = |f: fn(&crate::Month) -> f64| -> f64 { p.months[months.clone()].iter().map(f).sum() };
    let paid: Vec<usize> = p
        .channels
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == "paid")
        .map(|(k, _)| k)
        .collect();
    // A rate with its CRM lift, averaged over the scope's months.
    let mean = |rate: &Series, lift: &Series| -> f64 {
        let n = months.len().max(1) as f64;
        let at = |t: usize| (rate.at(t) * (1.0 + lift.at(t))).min(1.0);
        months.clone().map(at).sum::<f64>() / n
    };
    let mem = &plan.membership;
    let t = &p.totals;
    let value = |m: Measure| -> Option<f64> {
        match scope {
            Scope::Month(_) => {
                let month = &p.months[months.start];
                let ad_revenue = || {
                    paid.iter()
                        .map(|&k| p.channel_month(months.start, k).first_order_revenue)
                        .sum()
                };
                match m {
                    Measure::NewBuyers => Some(month.new_customers),
                    Measure::NewRevenue => Some(month.revenue_new),
                    Measure::AdSpend => Some(month.ad_spend),
                    Measure::AdRevenue => Some(ad_revenue()),
                    Measure::Roas => month.roas_first_order,
                    Measure::Cac => month.cac,
                    Measure::ConversionRate => month.conversion_rate,
                    Measure::Aov => month.revenue_per_buyer,
                    Measure::Orders => Some(month.orders),
                    Measure::Buyers => Some(month.buyers),
                    Measure::ReturningBuyers => Some(month.returning_customers),
                    Measure::ReturningRevenue => Some(month.revenue_returning),
                    Measure::FirstRepurchasers => Some(month.first_repurchasers),
                    Measure::FirstRepurchaseRate => Some(mean(
                        &mem.first_repurchase_rate,
                        &mem.crm.first_repurchase_lift,
                    )),
                    Measure::RepeatRate => {
                        Some(mean(&mem.repeat_purchase_rate, &mem.crm.repeat_lift))
                    }
                }
            }
            Scope::Horizon => match m {
                Measure::NewBuyers => Some(t.new_customers),
                Measure::NewRevenue => Some(t.revenue_new),
                Measure::AdSpend => Some(t.ad_spend),
                Measure::AdRevenue => Some(
                    paid.iter()
                        .map(|&k| p.channels[k].first_order_revenue)
                        .sum(),
                ),
                Measure::Roas => t.roas_first_order,
                Measure::Cac => t.cac,
                Measure::ConversionRate => (t.visitors > 0.0).then(|| blended_conversion(p)),
                Measure::Aov => (t.buyers > 0.0).then(|| t.revenue / t.buyers),
                Measure::Orders => Some(t.orders),
                Measure::Buyers => Some(t.buyers),
                Measure::ReturningBuyers => Some(t.returning_customers),
                Measure::ReturningRevenue => Some(t.revenue_returning),
                Measure::FirstRepurchasers => Some(sum(|m| m.first_repurchasers)),
                Measure::FirstRepurchaseRate => Some(mean(
                    &mem.first_repurchase_rate,
                    &mem.crm.first_repurchase_lift,
                )),
                Measure::RepeatRate => Some(mean(&mem.repeat_purchase_rate, &mem.crm.repeat_lift)),
            },
        }
    };
    let teams = [
        Carriage::Traffic,
        Carriage::Operations,
        Carriage::Membership,
    ]
    .into_iter()
    .map(|carriage| Team {
        carriage,
        name: Text {
            en: carriage.label(crate::Lang::En).into(),
            zh: carriage.label(crate::Lang::Zh).into(),
        },
        task: task(carriage),
        lines: Measure::ALL
            .into_iter()
            .filter(|m| m.carriage() == carriage)
            .map(|measure| Line {
                measure,
                label: measure.label(),
                unit: measure.unit(),
                value: value(measure),
            })
            .collect(),
    })
    .collect();
    let (revenue, target) = match scope {
        Scope::Month(_) => {
            let m = &p.months[months.start];
            (m.revenue, m.target_revenue)
        }
        Scope::Horizon => (t.revenue, t.target_revenue),
    };
    TaskSheet {
        scope,
        period: scope.label(plan),
        revenue,
        target,
        teams,
        returning_via_channels: sum(|m| m.existing_via_channels),
        overlap: Text {
            en: "Ads also bring back existing members: they count in traffic's ad revenue and in membership's returning buyers, so the two are not added up.".into(),
            zh: "广告也会带回部分老会员：他们既算在流量的广告销售额里，也算在会员营销的老客里，两者不能相加。".into(),
        },
    }
}

/// A carriage's task in one sentence (seed 000).
fn task(carriage: Carriage) -> Text {
    let (en, zh) = match carriage {
        Carriage::Traffic => (
            "Bring in new buyers with ads at a ROAS the shop accepts.",
            "用广告带来新客，投产比守住店铺能接受的水平。",
        ),
        Carriage::Operations => (
            "Convert the traffic and hold the AOV.",
            "承接流量，提高转化，守住客单价。",
        ),
        Carriage::Membership => (
            "Turn new customers into repeat buyers and keep old ones buying.",
            "把新客转成老客，让老客持续复购。",
        ),
    };
    Text {
        en: en.into(),
        zh: zh.into(),
    }
}
