//! The plan: a sales manager's assumptions as plain data.
//!
//! A [`Plan`] is what the user edits and what [`crate::simulate`] reads. It knows nothing of the
//! browser, of time or of randomness. Every number in it is an *input*; nothing here is derived.
//!
//! The JSON form is read by [`crate::codec`] and documented field by field in
//! `docs/plan-format.md`; the ranges, units, defaults and labels live once, in [`fields`].
//! [`Plan::validate`] checks a typed plan against those ranges and returns every problem at once.

pub mod error;
pub mod fields;
pub mod lang;
pub mod levers;
pub mod shape;
pub(crate) mod validate;

use serde::{Serialize, Serializer};
use std::sync::Arc;

pub use error::{PlanError, PlanErrors, Problem};
pub use lang::{Lang, Text};
pub use validate::is_valid_id;

/// The plan format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// Longest horizon a plan may have, in months.
pub const MAX_MONTHS: usize = 60;
/// Most channels a plan may have.
pub const MAX_CHANNELS: usize = 32;
/// The id under which revenue from customers who were already there at the start is reported
/// (`revenue_by_channel.base`). No channel may take it.
pub const BASE_SOURCE_ID: &str = "base";

/// The three carriages (三驾马车) that drive revenue, each owned by a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Carriage {
    /// 流量: buying and attracting visitors.
    Traffic,
    /// 运营: conversion and AOV.
    Operations,
    /// 会员营销: repeat purchase.
    Membership,
}

impl Carriage {
    /// Its id as JSON writes it (`traffic`, `operations`, `membership`).
    pub fn id(self) -> &'static str {
        match self {
            Carriage::Traffic => "traffic",
            Carriage::Operations => "operations",
            Carriage::Membership => "membership",
        }
    }

    /// The carriage's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Carriage::Traffic, Lang::En) => "Traffic",
            (Carriage::Traffic, Lang::Zh) => "流量",
            (Carriage::Operations, Lang::En) => "Operations",
            (Carriage::Operations, Lang::Zh) => "运营",
            (Carriage::Membership, Lang::En) => "Membership",
            (Carriage::Membership, Lang::Zh) => "会员营销",
        }
    }
}

/// A per-month input: one value for every month, or a schedule with one value per month of the
/// horizon. In JSON a number or an array of numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Series {
    /// The same value in every month.
    Flat(f64),
    /// One value per month of the horizon, month 1 first.
    Monthly(Vec<f64>),
}

impl Series {
    /// The value in month `t` (0-based). A schedule shorter than `t` repeats its last value; a
    /// valid plan never asks for that, but the model must not panic on it either.
    #[inline(always)]
    pub fn at(&self, t: usize) -> f64 {
        match self {
            Series::Flat(v) => *v,
            Series::Monthly(values) => match values.get(t) {
                Some(v) => *v,
                None => values.last().copied().unwrap_or(0.0),
            },
        }
    }

    /// Every value the series holds (one for a flat series).
    pub fn values(&self) -> &[f64] {
        match self {
            Series::Flat(v) => std::slice::from_ref(v),
            Series::Monthly(values) => values,
        }
    }

    /// Multiplies every value by `factor` (used by analyses that move a lever by a percentage).
    pub fn scale(&mut self, factor: f64) {
        match self {
            Series::Flat(v) => *v *= factor,
            Series::Monthly(values) => values.iter_mut().for_each(|v| *v *= factor),
        }
    }

    /// Puts `from`'s values in this series, in place where both are schedules of one length: for
    /// loops that put a field back in a reused plan without allocating.
    pub fn copy_from(&mut self, from: &Series) {
        match (self, from) {
            (Series::Monthly(to), Series::Monthly(v)) if to.len() == v.len() => {
                to.copy_from_slice(v)
            }
            (to, v) => *to = v.clone(),
        }
    }
}

impl From<f64> for Series {
    fn from(v: f64) -> Self {
        Series::Flat(v)
    }
}

impl Serialize for Series {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Series::Flat(v) => s.serialize_f64(*v),
            Series::Monthly(values) => values.serialize(s),
        }
    }
}

/// The calendar month the plan's month 1 falls in: it aligns the seasonality profile and labels
/// the months. Written `"YYYY-MM"` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartMonth {
    /// Year, 2000 to 2100.
    pub year: u16,
    /// Month of the year, 1 to 12.
    pub month: u8,
}

impl StartMonth {
    /// Parses `"YYYY-MM"`; `None` for anything else, including months outside 1..=12 and years
    /// outside 2000..=2100.
    pub fn parse(text: &str) -> Option<StartMonth> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        ((2000..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(StartMonth { year, month })
    }

    /// The calendar month (1..=12) of plan month `t` (0-based).
    #[inline]
    pub fn calendar_month(self, t: usize) -> usize {
        (self.month as usize - 1 + t) % 12 + 1
    }

    /// `"YYYY-MM"` of plan month `t` (0-based).
    pub fn label(self, t: usize) -> String {
        let months = self.year as usize * 12 + self.month as usize - 1 + t;
        format!("{:04}-{:02}", months / 12, months % 12 + 1)
    }
}

impl Default for StartMonth {
    fn default() -> Self {
        StartMonth {
            year: 2026,
            month: 1,
        }
    }
}

impl Serialize for StartMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label(0))
    }
}

/// A sales plan: the assumptions for each month of the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Format version; [`FORMAT_VERSION`].
    pub version: u32,
    /// A name the user gave the plan.
    pub name: String,
    /// The calendar month of plan month 1.
    pub start: StartMonth,
    /// Months to project, 1 to [`MAX_MONTHS`].
    pub horizon_months: usize,
    /// Traffic multiplier for each calendar month, January first (618 and 双11 peaks).
    pub seasonality: [f64; 12],
    /// Revenue the plan must reach each month, CNY (目标销售额); drives the gap-to-target figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_revenue_cny: Option<Series>,
    /// Traffic sources (流量), in display order.
    pub channels: Vec<Channel>,
    /// Shop operations (运营): conversion, AOV, margin and costs.
    pub operations: Operations,
    /// Membership marketing (会员营销): cohorts, repeat purchase, churn, CRM.
    pub membership: Membership,
}

/// One traffic source. Its id and name are shared strings (`Arc<str>`): a copy of the plan (an
/// analysis's variant, an undo step) and every projection's [`ChannelTotals`] point at the same
/// text instead of copying it (two allocations per channel and projection saved).
///
/// [`ChannelTotals`]: crate::ChannelTotals
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Channel {
    /// Stable id, `[a-z0-9_-]{1,32}`, unique in the plan, never [`BASE_SOURCE_ID`].
    pub id: Arc<str>,
    /// Display name.
    pub name: Arc<str>,
    /// What kind of source it is and its kind's own inputs.
    #[serde(flatten)]
    pub kind: ChannelKind,
    /// Share of visitors who buy (转化率), 0..=1.
    pub conversion_rate: Series,
    /// Share of the channel's buyers who are already customers (ads also bring old members),
    /// 0..=1. They count as returning buyers and do not enlarge the customer base.
    pub existing_customer_share: Series,
}

/// The kinds of traffic source and what each needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChannelKind {
    /// Bought traffic (直通车, 钻展, feeds, short-video ads): spend with a saturating, ad-stocked
    /// response. Visitors = (K / CPV₀) · A^α / (K^α + A^α), A(t) = spend(t) + λ·A(t−1).
    Paid {
        /// Monthly spend, CNY.
        spend_cny: Series,
        /// CPV₀: cost per visitor at low spend, CNY.
        cpv_cny: f64,
        /// K: the ad-stocked spend at which the average cost per visitor doubles, CNY.
        half_saturation_cny: f64,
        /// α: shape of the response curve (1 = diminishing from the first yuan).
        shape: f64,
        /// λ: share of last month's ad stock that carries over, 0..1.
        carryover: f64,
    },
    /// Affiliate / CPS traffic (淘宝客): visitors per month, paid by commission on what they buy.
    Affiliate {
        /// Visitors per month.
        visitors: Series,
        /// Commission paid on the revenue of the orders it brings, 0..=1.
        commission_rate: Series,
    },
    /// Free traffic (自然流量, SEO) that grows (or shrinks) by a fixed rate each month.
    Organic {
        /// Visitors in month 1 (or per month, as a schedule), before growth and seasonality.
        visitors: Series,
        /// Monthly growth rate: month t has visitors · (1 + g)^(t−1).
        growth_rate: f64,
    },
    /// A promotion (聚划算 flash sale, 满减 store event, 双11) in chosen months.
    Event {
        /// Plan months (1-based) in which the event runs.
        months: Vec<usize>,
        /// Extra visitors the event brings in each of its months.
        visitors: f64,
        /// Multiplier on the conversion rate of the channels it applies to, ≥ 1.
        conversion_multiplier: f64,
        /// Multiplier on repeat buying by existing customers in its months, ≥ 1.
        returning_multiplier: f64,
        /// Discount on every order in its months (lowers the price paid), 0..1.
        discount_rate: f64,
        /// Fixed fee per event month, CNY.
        fee_cny: f64,
        /// Channels whose conversion it lifts; empty means all.
        applies_to: Vec<String>,
    },
}

impl ChannelKind {
    /// The kind's name as written in JSON.
    pub fn name(&self) -> &'static str {
        match self {
            ChannelKind::Paid { .. } => "paid",
            ChannelKind::Affiliate { .. } => "affiliate",
            ChannelKind::Organic { .. } => "organic",
            ChannelKind::Event { .. } => "event",
        }
    }
}

/// Shop operations (运营): what turns a visitor into revenue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operations {
    /// Revenue per new buyer in a month (新客客单价), CNY.
    pub new_aov_cny: Series,
    /// Revenue per returning buyer in a month (老客客单价), CNY.
    pub returning_aov_cny: Series,
    /// Orders each buyer places in a month, ≥ 1.
    pub orders_per_buyer: Series,
    /// Multiplier on every channel's conversion from landing and detail pages, ≥ 1.
    pub conversion_multiplier: Series,
    /// Relative AOV uplift from cross-sell, bundles and thresholds, ≥ 0 (0.1 = +10%).
    pub aov_uplift: Series,
    /// Gross margin on the undiscounted price (毛利率), 0..=1.
    pub gross_margin: Series,
    /// Fulfilment cost per order (packing, shipping), CNY.
    pub fulfilment_cost_per_order_cny: Series,
    /// Platform fee on revenue (扣点), 0..=1.
    pub platform_fee_rate: Series,
}

/// Membership marketing (会员营销): turning new customers into repeat customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    /// Active repeat customers at the start (老客).
    pub starting_repeat_customers: f64,
    /// Lapsed customers at the start (流失用户).
    pub starting_lapsed_customers: f64,
    /// New customers in the month before the start; their first repurchases fall in the plan.
    pub prior_month_new_customers: f64,
    /// Share of a month's new customers who buy again the next month (新客转老客率).
    pub first_repurchase_rate: Series,
    /// How the first repurchase decays after the first month: month k after acquisition uses
    /// rate · tail^(k−1) as the chance for those who have not come back yet.
    pub first_repurchase_tail: f64,
    /// Share of active repeat customers who buy in a month (复购率).
    pub repeat_purchase_rate: Series,
    /// Share of active repeat customers who lapse each month (流失率).
    pub churn_rate: Series,
    /// Share of lapsed customers won back each month (回流).
    pub winback_rate: Series,
    /// The CRM programme (coupons, SMS) and what it lifts.
    pub crm: Crm,
}

/// A CRM programme: a monthly cost and the relative lifts it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crm {
    /// Monthly cost of coupons, SMS and tools, CNY.
    pub monthly_cost_cny: Series,
    /// Relative lift of the first-repurchase rate (0.5 = +50%).
    pub first_repurchase_lift: Series,
    /// Relative lift of the repeat-purchase rate.
    pub repeat_lift: Series,
    /// Relative lift of the win-back rate.
    pub winback_lift: Series,
}

impl Default for Crm {
    fn default() -> Self {
        Crm {
            monthly_cost_cny: Series::Flat(0.0),
            first_repurchase_lift: Series::Flat(0.0),
            repeat_lift: Series::Flat(0.0),
            winback_lift: Series::Flat(0.0),
        }
    }
}

impl Plan {
    /// Checks every field against its allowed range and the plan's cross-references, and returns
    /// every problem at once.
    pub fn validate(&self) -> Result<(), PlanErrors> {
        validate::validate(self)
    }

    /// The channel with this id, if any.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| &*c.id == id)
    }

    /// `"YYYY-MM"` of plan month `t` (0-based).
    pub fn month_label(&self, t: usize) -> String {
        self.start.label(t)
    }

    /// The same plan over `months` months (clamped to 1..=[`MAX_MONTHS`]): every schedule is cut
    /// or extended by repeating its last value, and events keep only their months within the new
    /// horizon: an event left with none does not run (a March sale is not shown in a one-month
    /// view of June; it used to be moved into the last month, a figure that never happens).
    pub fn with_horizon(&self, months: usize) -> Plan {
        let h = months.clamp(1, MAX_MONTHS);
        let mut plan = self.clone();
        plan.horizon_months = h;
        plan.for_each_series(|s| {
            if let Series::Monthly(values) = s {
                let last = values.last().copied().unwrap_or(0.0);
                values.resize(h, last);
            }
        });
        for ch in &mut plan.channels {
            if let ChannelKind::Event { months, .. } = &mut ch.kind {
                months.retain(|m| *m <= h);
            }
        }
        plan
    }

    /// The same plan over `months` months, as [`Plan::with_horizon`] makes it, except that the
    /// months a shorter horizon hid come back from `longer` (this plan before the horizon was
    /// cut): each schedule's later months, and each event's months past this plan's horizon.
    /// A horizon cut from 12 months to 6 and set back to 12 gets its 12 months back, with what
    /// was edited in the first 6 kept. Only when `longer` has the same channels (ids, in order)
    /// and the same target or none; otherwise as [`Plan::with_horizon`]. Past `longer`'s
    /// horizon, a schedule repeats its last month.
    pub fn with_horizon_restoring(&self, months: usize, longer: &Plan) -> Plan {
        let mut plan = self.with_horizon(months);
        let (shown, h) = (self.horizon_months, plan.horizon_months);
        let alike = longer.horizon_months > shown
            && longer.target_revenue_cny.is_some() == self.target_revenue_cny.is_some()
            && longer.channels.len() == self.channels.len()
            && (longer.channels.iter().zip(&self.channels)).all(|(a, b)| a.id == b.id);
        if h <= shown || !alike {
            return plan;
        }
        let mut hidden = Vec::new();
        longer
            .clone()
            .for_each_series(|s| hidden.push(std::mem::replace(s, Series::Flat(0.0))));
        let mut kept = hidden.iter();
        plan.for_each_series(|s| {
            if let (Series::Monthly(now), Some(Series::Monthly(then))) = (s, kept.next()) {
                // Past `longer`'s horizon, its last month repeated.
                for (t, v) in now.iter_mut().enumerate().skip(shown) {
                    if let Some(old) = then.get(t).or(then.last()) {
                        *v = *old;
                    }
                }
            }
        });
        for (ch, old) in plan.channels.iter_mut().zip(&longer.channels) {
            if let (ChannelKind::Event { months: now, .. }, ChannelKind::Event { months, .. }) =
                (&mut ch.kind, &old.kind)
            {
                now.extend(months.iter().filter(|m| (shown + 1..=h).contains(*m)));
            }
        }
        plan
    }

    /// Calls `f` on every per-month input of the plan: the target, then every schedule of
    /// [`shape::TABLE`].
    pub fn for_each_series(&mut self, mut f: impl FnMut(&mut Series)) {
        self.each_series(&mut f);
    }

    /// [`Plan::for_each_series`], compiled once for every caller.
    fn each_series(&mut self, f: &mut dyn FnMut(&mut Series)) {
        if let Some(t) = &mut self.target_revenue_cny {
            f(t);
        }
        shape::for_each_series(self, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_the_horizon_keeps_every_plan_valid() {
        for p in crate::presets::all() {
            for h in [1, 3, 12, 13, 36, 60, 0, 99] {
                let plan = p.plan.with_horizon(h);
                assert_eq!(plan.horizon_months, h.clamp(1, MAX_MONTHS));
                plan.validate()
                    .unwrap_or_else(|e| panic!("{} at {h} months: {e}", p.id));
            }
        }
        let p = crate::presets::get("subsidy-addiction").unwrap();
        let longer = p.plan.with_horizon(15);
        if let ChannelKind::Paid { spend_cny, .. } = &longer.channels[0].kind {
            assert_eq!(spend_cny.values().len(), 15);
            assert_eq!(
                spend_cny.at(14),
                spend_cny.at(11),
                "extended with the last month's value"
            );
        }
        assert_eq!(p.plan.with_horizon(12).with_horizon(12), p.plan);
    }

    #[test]
    fn an_event_outside_a_shorter_horizon_does_not_run() {
        let p = crate::presets::get("flash-sale").unwrap();
        let event = p
            .plan
            .channels
            .iter()
            .position(|c| matches!(c.kind, ChannelKind::Event { .. }))
            .expect("flash-sale has an event");
        let one = p.plan.with_horizon(1);
        let ChannelKind::Event { months, .. } = &one.channels[event].kind else {
            unreachable!()
        };
        assert!(months.is_empty(), "{months:?}");
        let projection = crate::simulate(&one).unwrap();
        assert_eq!(projection.channel_month(0, event).visitors, 0.0);
        assert_eq!(projection.channel_month(0, event).first_order_revenue, 0.0);
    }

    /// A horizon cut and set back brings back the months it hid (schedules and events), with the
    /// edits made meanwhile kept; a plan of other channels does not lend its months.
    #[test]
    fn a_horizon_set_back_brings_back_the_months_a_cut_hid() {
        let p = crate::presets::get("subsidy-addiction").unwrap();
        let full = &p.plan;
        let spend = |plan: &Plan| match &plan.channels[0].kind {
            ChannelKind::Paid { spend_cny, .. } => spend_cny.values().to_vec(),
            _ => unreachable!(),
        };
        let months = |plan: &Plan| match &plan.channels[2].kind {
            ChannelKind::Event { months, .. } => months.clone(),
            _ => unreachable!(),
        };
        assert_eq!(full.horizon_months, 12);
        assert!(
            spend(full).windows(2).any(|w| w[0] != w[1]),
            "a schedule that varies"
        );
        let mut cut = full.with_horizon(5);
        assert_eq!(months(&cut), [3, 4, 5]);
        if let ChannelKind::Paid { spend_cny, .. } = &mut cut.channels[0].kind {
            *spend_cny = Series::Monthly(vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        }
        let back = cut.with_horizon_restoring(12, full);
        back.validate().expect("valid");
        let mut want = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        want.extend_from_slice(&spend(full)[5..]);
        assert_eq!(spend(&back), want);
        assert_eq!(months(&back), months(full));
        // Past the longer plan's horizon, its last month repeated.
        let longer = cut.with_horizon_restoring(15, full);
        assert_eq!(spend(&longer)[..12], want[..]);
        assert_eq!(spend(&longer)[12..], [want[11]; 3]);
        assert_eq!(
            longer.with_horizon_restoring(12, full),
            longer.with_horizon(12)
        );
        // Shorter, or another plan's channels: as `with_horizon`.
        assert_eq!(cut.with_horizon_restoring(3, full), cut.with_horizon(3));
        let other = crate::presets::get("flash-sale").unwrap().plan.clone();
        assert_eq!(cut.with_horizon_restoring(12, &other), cut.with_horizon(12));
    }

    #[test]
    fn start_months_parse_and_label() {
        assert_eq!(
            StartMonth::parse("2026-06"),
            Some(StartMonth {
                year: 2026,
                month: 6
            })
        );
        for bad in [
            "2026-13", "2026-00", "1999-01", "2026-6", "26-06", "2026/06", "",
        ] {
            assert_eq!(StartMonth::parse(bad), None, "{bad}");
        }
        let s = StartMonth {
            year: 2026,
            month: 11,
        };
        assert_eq!(s.label(2), "2027-01");
        assert_eq!(s.calendar_month(2), 1);
    }
}
