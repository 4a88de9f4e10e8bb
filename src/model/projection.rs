//! What a simulation returns: month by month, per channel, and for the horizon.
//!
//! Per-channel figures live in one flat vector (month-major) so that a simulation allocates a
//! handful of times, not once per month. The JSON form (documented in `docs/plan-format.md`)
//! nests them back under each month and adds `revenue_by_channel`, an object from channel id (and
//! [`BASE_SOURCE_ID`](crate::plan::BASE_SOURCE_ID)) to revenue.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::sync::Arc;

use crate::plan::{StartMonth, BASE_SOURCE_ID};

/// One month of the projection. Money in CNY; counts of people and orders are expected values
/// (fractional).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Month {
    /// Visitors from every channel (UV).
    pub visitors: f64,
    /// Buyers in the month: new plus returning.
    pub buyers: f64,
    /// First-time buyers (新客).
    pub new_customers: f64,
    /// Buyers who had bought before (老客): first repurchasers, repeat buyers, won-back buyers and
    /// existing customers a channel brought.
    pub returning_customers: f64,
    /// New customers of earlier months buying for the second time.
    pub first_repurchasers: f64,
    /// Active repeat customers buying again.
    pub repeat_buyers: f64,
    /// Lapsed customers won back (回流).
    pub winback_buyers: f64,
    /// Existing customers whom a channel brought back.
    pub existing_via_channels: f64,
    /// Orders placed.
    pub orders: f64,
    /// Revenue (销售额), after event discounts.
    pub revenue: f64,
    /// Revenue from new customers.
    pub revenue_new: f64,
    /// Revenue from returning customers.
    pub revenue_returning: f64,
    /// Carriage split: buyers the channels brought at base conversion and AOV (流量).
    pub revenue_traffic: f64,
    /// Carriage split: what conversion and AOV uplifts add (运营).
    pub revenue_operations: f64,
    /// Carriage split: repeat buying by members at base AOV (会员营销).
    pub revenue_membership: f64,
    /// Repeat revenue from customers who were there before the start (`revenue_by_channel.base`).
    pub revenue_base: f64,
    /// Paid-channel spend.
    pub ad_spend: f64,
    /// Affiliate commission.
    pub commission: f64,
    /// Event fees.
    pub event_fees: f64,
    /// CRM programme (coupons, SMS).
    pub crm_cost: f64,
    /// All marketing: ad spend, commission, event fees and CRM.
    pub marketing_cost: f64,
    /// Cost of goods, on the undiscounted price.
    pub goods_cost: f64,
    /// Fulfilment.
    pub fulfilment_cost: f64,
    /// Platform fee.
    pub platform_fee: f64,
    /// Revenue less goods, fulfilment and platform fee (毛利); may be negative.
    pub gross_profit: f64,
    /// Gross profit less marketing; may be negative.
    pub profit: f64,
    /// Paid channels' first-order revenue per yuan of ad spend; `None` without spend.
    pub roas_first_order: Option<f64>,
    /// 1 / gross margin: the ROAS at which a first order pays for its ads (盈亏平衡 ROAS).
    pub break_even_roas: f64,
    /// Acquisition cost (ads, commission, event fees) per new customer; `None` without new ones.
    pub cac: Option<f64>,
    /// Buyers from channels per visitor; `None` without visitors.
    pub conversion_rate: Option<f64>,
    /// Revenue per buyer (客单价); `None` without buyers.
    pub revenue_per_buyer: Option<f64>,
    /// Revenue per order; `None` without orders.
    pub order_value: Option<f64>,
    /// Active repeat customers at the end of the month.
    pub active_customers: f64,
    /// Lapsed customers at the end of the month.
    pub lapsed_customers: f64,
    /// Customers who bought once and have not come back yet, at the end of the month.
    pub one_time_customers: f64,
    /// Every known customer at the end of the month: active, lapsed and one-time.
    pub customer_base: f64,
    /// The month's revenue target, when the plan has one.
    pub target_revenue: Option<f64>,
    /// How far revenue falls short of the target (0 when it is met).
    pub target_shortfall: Option<f64>,
}

/// One channel in one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ChannelMonth {
    /// Visitors.
    pub visitors: f64,
    /// Buyers it brought: new plus existing customers.
    pub buyers: f64,
    /// New customers it brought.
    pub new_customers: f64,
    /// Existing customers it brought back.
    pub existing_buyers: f64,
    /// Revenue of the buyers it brought this month.
    pub first_order_revenue: f64,
    /// Repeat revenue this month from customers it acquired earlier in the horizon.
    pub repeat_revenue: f64,
    /// Its contribution: first-order plus repeat revenue.
    pub revenue: f64,
    /// What it cost: spend, commission or event fee.
    pub cost: f64,
    /// Paid channels: first-order revenue from one more yuan of spend this month, carry-over
    /// included; `None` for other kinds or where the curve has no finite slope.
    pub marginal_roas: Option<f64>,
}

/// One channel over the horizon.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChannelTotals {
    /// The channel's id (the plan's own string, shared).
    pub id: Arc<str>,
    /// Its display name (shared too).
    pub name: Arc<str>,
    /// `paid`, `affiliate`, `organic` or `event`.
    pub kind: &'static str,
    /// Visitors.
    pub visitors: f64,
    /// Buyers it brought.
    pub buyers: f64,
    /// New customers it brought.
    pub new_customers: f64,
    /// Revenue of the buyers it brought, in the month it brought them.
    pub first_order_revenue: f64,
    /// Later revenue within the horizon from customers it acquired.
    pub repeat_revenue: f64,
    /// First-order plus repeat revenue.
    pub revenue: f64,
    /// Spend, commission or event fees.
    pub cost: f64,
    /// First-order revenue per yuan of cost; `None` when it costs nothing.
    pub roas_first_order: Option<f64>,
    /// First-order plus repeat revenue per yuan of cost (lifetime within the horizon).
    pub roas_lifetime: Option<f64>,
    /// Cost per new customer; `None` without new customers or without cost.
    pub cac: Option<f64>,
    /// Paid channels: spend-weighted marginal ROAS over the horizon.
    pub marginal_roas: Option<f64>,
}

/// The horizon in total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Visitors.
    pub visitors: f64,
    /// Buyer-months (a customer buying in two months counts twice).
    pub buyers: f64,
    /// New customers.
    pub new_customers: f64,
    /// Returning buyer-months.
    pub returning_customers: f64,
    /// Orders.
    pub orders: f64,
    /// Revenue.
    pub revenue: f64,
    /// Revenue from new customers.
    pub revenue_new: f64,
    /// Revenue from returning customers.
    pub revenue_returning: f64,
    /// Carriage 流量.
    pub revenue_traffic: f64,
    /// Carriage 运营.
    pub revenue_operations: f64,
    /// Carriage 会员营销.
    pub revenue_membership: f64,
    /// Revenue from the starting base.
    pub revenue_base: f64,
    /// Ad spend.
    pub ad_spend: f64,
    /// Commission.
    pub commission: f64,
    /// Event fees.
    pub event_fees: f64,
    /// CRM.
    pub crm_cost: f64,
    /// All marketing.
    pub marketing_cost: f64,
    /// Goods.
    pub goods_cost: f64,
    /// Fulfilment.
    pub fulfilment_cost: f64,
    /// Platform fee.
    pub platform_fee: f64,
    /// Gross profit.
    pub gross_profit: f64,
    /// Profit after marketing.
    pub profit: f64,
    /// Paid channels' first-order revenue per yuan of ad spend.
    pub roas_first_order: Option<f64>,
    /// Paid channels' first-order and repeat revenue per yuan of ad spend.
    pub roas_lifetime: Option<f64>,
    /// 1 / the revenue-weighted gross margin.
    pub break_even_roas: f64,
    /// Blended acquisition cost per new customer.
    pub cac: Option<f64>,
    /// Customers known at the end.
    pub ending_customer_base: f64,
    /// Active repeat customers at the end.
    pub ending_active_customers: f64,
    /// The horizon's revenue target, when the plan has one.
    pub target_revenue: Option<f64>,
    /// Sum of the monthly shortfalls.
    pub target_shortfall: Option<f64>,
}

/// The projection of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Calendar month of month 1.
    pub start: StartMonth,
    /// The months, month 1 first.
    pub months: Vec<Month>,
    /// Each channel over the horizon, in plan order.
    pub channels: Vec<ChannelTotals>,
    /// The horizon.
    pub totals: Totals,
    /// Per channel per month, month-major: `[t * channels + k]`.
    pub(crate) channel_months: Vec<ChannelMonth>,
}

impl Projection {
    /// Channel `k` (plan order) in month `t` (0-based).
    pub fn channel_month(&self, t: usize, k: usize) -> &ChannelMonth {
        &self.channel_months[t * self.channels.len() + k]
    }

    /// Every channel in month `t`, in plan order.
    pub fn channels_in(&self, t: usize) -> &[ChannelMonth] {
        let n = self.channels.len();
        &self.channel_months[t * n..(t + 1) * n]
    }

    /// Revenue of channel `id` (or `base`) in month `t`; `None` for an unknown id.
    pub fn revenue_by_channel(&self, t: usize, id: &str) -> Option<f64> {
        if id == BASE_SOURCE_ID {
            return self.months.get(t).map(|m| m.revenue_base);
        }
        let k = self.channels.iter().position(|c| &*c.id == id)?;
        self.months.get(t).map(|_| self.channel_month(t, k).revenue)
    }
}

struct ByChannel<'a> {
    ids: &'a [ChannelTotals],
    values: Vec<f64>,
    base: f64,
}

impl Serialize for ByChannel<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.ids.len() + 1))?;
        for (c, v) in self.ids.iter().zip(&self.values) {
            map.serialize_entry(&c.id, v)?;
        }
        map.serialize_entry(BASE_SOURCE_ID, &self.base)?;
        map.end()
    }
}

struct ChannelDetail<'a> {
    ids: &'a [ChannelTotals],
    months: &'a [ChannelMonth],
}

impl Serialize for ChannelDetail<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.ids.len()))?;
        for (c, m) in self.ids.iter().zip(self.months) {
            map.serialize_entry(&c.id, m)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct MonthOut<'a> {
    month: String,
    #[serde(flatten)]
    figures: &'a Month,
    revenue_by_channel: ByChannel<'a>,
    channels: ChannelDetail<'a>,
}

#[derive(Serialize)]
struct TotalsOut<'a> {
    #[serde(flatten)]
    figures: &'a Totals,
    revenue_by_channel: ByChannel<'a>,
}

impl Serialize for Projection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let months: Vec<MonthOut> = self
            .months
            .iter()
            .enumerate()
            .map(|(t, m)| MonthOut {
                month: self.start.label(t),
                figures: m,
                revenue_by_channel: ByChannel {
                    ids: &self.channels,
                    values: self.channels_in(t).iter().map(|c| c.revenue).collect(),
                    base: m.revenue_base,
                },
                channels: ChannelDetail {
                    ids: &self.channels,
                    months: self.channels_in(t),
                },
            })
            .collect();
        let totals = TotalsOut {
            figures: &self.totals,
            revenue_by_channel: ByChannel {
                ids: &self.channels,
                values: self.channels.iter().map(|c| c.revenue).collect(),
                base: self.totals.revenue_base,
            },
        };
        let mut st = s.serialize_struct("Projection", 4)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("channels", &self.channels)?;
        st.serialize_field("months", &months)?;
        st.serialize_field("totals", &totals)?;
        st.end()
    }
}
