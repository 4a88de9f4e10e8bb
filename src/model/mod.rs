//! The simulation: a validated [`Plan`] in, a [`Projection`] out.
//!
//! One pass over the months. Each month, every channel turns its traffic into buyers
//! (流量 × 转化率), buyers into revenue (× 客单价), and new customers into a cohort; the
//! cohorts and the member pools then produce the month's returning buyers (新客转老客, 复购, 回流).
//! A second, backward pass gives each paid channel's marginal ROAS.
//!
//! Invariants, tested in `tests/invariants.rs`: every figure finite, none negative but the two
//! profits; channel, carriage and new/returning splits each add up to revenue; more spend never
//! fewer visitors; the same plan gives the same bits natively and in wasm (maths that could differ
//! between platforms goes through `libm`).
//!
//! Carriage split (三驾马车): a channel's buyers at its base conversion rate and base AOV are
//! traffic (流量); what the operations conversion multiplier, event conversion multipliers and AOV
//! uplift add is operations (运营); returning buyers from cohorts and member pools at base AOV
//! are membership (会员营销). Event discounts scale the revenue of the buyers they reach (the
//! channels an event applies to, and returning members when it applies to all); goods cost stays
//! on the full price.

mod projection;

pub use projection::{ChannelMonth, ChannelTotals, Month, Projection, Totals};

use crate::plan::{ChannelKind, Plan, PlanErrors};

/// Validates `plan` and projects it month by month.
pub fn simulate(plan: &Plan) -> Result<Projection, PlanErrors> {
    plan.validate()?;
    Ok(project(plan))
}

/// Hill response of ad-stocked spend `a` with half-saturation `k` and shape `alpha`, and its
/// slope. `alpha == 1` (the default) avoids `pow` altogether.
#[inline]
fn hill(a: f64, k: f64, alpha: f64) -> (f64, f64) {
    if a <= 0.0 {
        let slope = if alpha == 1.0 {
            1.0 / k
        } else if alpha > 1.0 {
            0.0
        } else {
            f64::INFINITY
        };
        return (0.0, slope);
    }
    if alpha == 1.0 {
        let d = k + a;
        (a / d, k / (d * d))
    } else {
        let r = libm::exp(alpha * libm::log(k / a)); // (K/A)^α
        hill_from(a, k, alpha, r)
    }
}

/// [`hill`]'s share and slope for `alpha != 1`, from `r` = (K/A)^α worked out by the caller
/// (where `a <= 0`, [`hill`]'s own, and `r` is not read).
#[inline(always)]
fn hill_from(a: f64, k: f64, alpha: f64, r: f64) -> (f64, f64) {
    if a <= 0.0 {
        return hill(a, k, alpha);
    }
    let share = 1.0 / (1.0 + r);
    // d/dA [1 / (1 + (K/A)^α)] = α r / (A (1 + r)²)
    (share, alpha * r / (a * (1.0 + r) * (1.0 + r)))
}

/// A paid channel's visitors in a month (seasonality `season`, ad stock `a`, half-saturation
/// spend `half`, cost per visitor at low spend `cpv`, curve `shape`) and their slope in ad
/// stock, by [`hill_memo`] with `memo`.
#[inline(always)]
fn response(
    memo: Option<&mut [f64]>,
    a: f64,
    season: f64,
    half: f64,
    cpv: f64,
    shape: f64,
) -> (f64, f64) {
    let (share, d) = hill_memo(memo, a, half, shape);
    let scale = season * half / cpv;
    (scale * share, scale * d)
}

/// Projects a plan that has passed validation. Never panics, whatever the plan, but only a
/// valid plan's figures keep the invariants.
pub(crate) fn project(plan: &Plan) -> Projection {
    project_inner(plan, None)
}

/// Buffers that one projection after another reuses (a Monte Carlo run's trials), so that a
/// trial allocates nothing. What [`months_into`] leaves in it is that projection's months.
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspace {
    scratch: Vec<f64>,
    events: Vec<(usize, u64, u64)>,
    months: Vec<Month>,
    channel_months: Vec<ChannelMonth>,
    /// With [`Workspace::for_trials`]: the S-shaped curves' responses (`shape` ≠ 1, which costs
    /// an `exp` and a `log`) of the last projection, five figures per paid channel and month,
    /// in the order the projection works them out: the ad stock, half-saturation and shape they
    /// came from, then the share and slope. A trial that leaves a channel's spend and curve as
    /// they were (a Monte Carlo range on its cost per visitor, say) takes them from here, the
    /// same bits.
    hill: Option<Vec<f64>>,
}

/// Whether a trial's cohorts take their first-repurchase hazards from a table (see [`run`]):
/// native builds and the Monte Carlo worker's (built with `--cfg troika_worker` and SIMD,
/// `scripts/post-build.mjs`), where it lets the cohorts' updates run side by side. The page's
/// build (opt-level "z", no SIMD) leaves it out: with that profile (measured natively) the
/// bottleneck finder was slower with it, not faster.
const FAST_TRIALS: bool = cfg!(any(not(target_arch = "wasm32"), troika_worker));

/// Whether the S-shaped paid channels' months are worked out before the month loop, in a
/// loop of their own (see [`run`]), for a projection on its own (not a run of variants that
/// keep the curves' responses, [`Workspace::for_trials`]): natively and in the Monte Carlo
/// worker. The page leaves it out: it costs 0.6 KB of the page's budget, and saves the page no
/// time a user would see (the bottleneck finder's variants reuse the curves' responses, and one
/// projection takes microseconds).
const S_CURVES_FIRST: bool = FAST_TRIALS;

/// [`hill`], taken from `memo` (five figures, see [`Workspace`]) when it was worked out from the
/// same bits before, and kept there otherwise. `alpha == 1` needs no `exp` or `log`, and no memo.
#[inline]
fn hill_memo(memo: Option<&mut [f64]>, a: f64, k: f64, alpha: f64) -> (f64, f64) {
    match memo {
        Some([ma, mk, malpha, share, slope]) if alpha != 1.0 => {
            let same = |x: f64, y: f64| x.to_bits() == y.to_bits();
            if !(same(*ma, a) && same(*mk, k) && same(*malpha, alpha)) {
                (*ma, *mk, *malpha) = (a, k, alpha);
                (*share, *slope) = hill(a, k, alpha);
            }
            (*share, *slope)
        }
        _ => hill(a, k, alpha),
    }
}

impl Workspace {
    /// A workspace for many projections of one plan's variants (Monte Carlo's trials, the
    /// bottleneck finder's variants): it also keeps the S-shaped curves' responses from one
    /// projection to the next, which one projection alone would only pay for keeping. Most of
    /// the finder's variants leave every paid channel as it is, so they skip each S-shaped
    /// channel's `exp` and `log` for every month.
    pub(crate) fn for_trials() -> Workspace {
        Workspace {
            hill: Some(Vec::new()),
            ..Workspace::default()
        }
    }

    /// The months of the last projection run in this workspace.
    pub(crate) fn months(&self) -> &[Month] {
        &self.months
    }
}

/// Projects `plan`'s months into `ws` and returns its horizon profit, the same bits as
/// [`project`]'s `totals.profit` and its months' revenue and profit (and every figure they are
/// made of). What a Monte Carlo trial or the bottleneck finder's variant does not read is left
/// out: the per-channel figures, the totals, marginal ROAS's carry-over pass, and the months'
/// ratios, customer counts and target.
pub(crate) fn months_into(plan: &Plan, ws: &mut Workspace) -> f64 {
    run(plan, None, false, ws);
    // As `totals` adds them: in month order, from zero.
    ws.months.iter().fold(0.0, |profit, m| profit + m.profit)
}

/// Projects `plan` with paid channel `k`'s visitors taken month by month from `visitors`
/// instead of its spend and curve (its spend still counts as cost). Every figure is affine in
/// one channel's monthly visitors (everything after the visitors is linear in buyers, at rates
/// that do not depend on them), which is what the budget optimiser relies on.
pub(crate) fn project_with_visitors(plan: &Plan, k: usize, visitors: &[f64]) -> Projection {
    project_inner(plan, Some((k, visitors)))
}

/// Visitors of paid channel `k` of `plan`, month by month, when it spends `spend(t)` in month
/// `t`: the same arithmetic, in the same order, as [`project`], so the figures are the same
/// bits. Empty when channel `k` is not paid.
pub(crate) fn paid_visitors(plan: &Plan, k: usize, spend: impl Fn(usize) -> f64) -> Vec<f64> {
    let Some(ChannelKind::Paid {
        cpv_cny,
        half_saturation_cny,
        shape,
        carryover,
        ..
    }) = plan.channels.get(k).map(|c| &c.kind)
    else {
        return Vec::new();
    };
    let mut adstock = 0.0;
    (0..plan.horizon_months)
        .map(|t| {
            let season = plan.seasonality[plan.start.calendar_month(t) - 1];
            adstock = spend(t) + carryover * adstock;
            let (half, cpv) = (*half_saturation_cny, *cpv_cny);
            response(None, adstock, season, half, cpv, *shape).0
        })
        .collect()
}

fn project_inner(plan: &Plan, visitors_of: Option<(usize, &[f64])>) -> Projection {
    let mut ws = Workspace::default();
    run(plan, visitors_of, true, &mut ws);
    let Workspace {
        months,
        channel_months: mut cm,
        ..
    } = ws;
    let (h, n) = (plan.horizon_months, plan.channels.len());

    // Backward pass: one more yuan in month t also works in later months through carry-over.
    for (k, ch) in plan.channels.iter().enumerate() {
        if let ChannelKind::Paid { carryover, .. } = &ch.kind {
            let mut later = 0.0;
            let months_back = cm
                .chunks_exact_mut(n)
                .rev()
                .filter_map(|month| month.get_mut(k));
            for c in months_back {
                c.marginal_roas = c
                    .marginal_roas
                    .map(|g| g + carryover * later)
                    .filter(|v| v.is_finite());
                later = c.marginal_roas.unwrap_or(0.0);
            }
        }
    }

    let channels = channel_totals(plan, &cm, h);
    let totals = totals(&months, &channels, plan);
    Projection {
        start: plan.start,
        months,
        channels,
        totals,
        channel_months: cm,
    }
}

/// The forward pass over the months: `ws.months` and, when `full`, `ws.channel_months`
/// (month-major, channels in plan order; marginal ROAS before carry-over), reusing `ws`'s
/// buffers. Not `full` (a Monte Carlo trial), the months' revenue, profit and every figure they
/// are made of are the same bits, the per-channel figures are not kept and the months' ratios
/// (ROAS, CAC, conversion, order values), customer counts and target are not worked out. (A
/// flag, not a const generic: two copies of this function would add 2.6 KB gzipped to the
/// page.)
fn run(plan: &Plan, visitors_of: Option<(usize, &[f64])>, full: bool, ws: &mut Workspace) {
    let h = plan.horizon_months;
    let n = plan.channels.len();
    let sources = n + 1; // every channel, then the starting base
    let base = n;
    let ops = &plan.operations;
    let mem = &plan.membership;
    let tail = mem.first_repurchase_tail;

    // Each event once: its index, the months it runs in and the channels it lifts, as bit sets
    // (plan months are 1..=60, channels at most 32).
    let events = &mut ws.events;
    events.clear();
    events.extend(
        plan.channels
            .iter()
            .enumerate()
            .filter_map(|(e, c)| match &c.kind {
                ChannelKind::Event {
                    months, applies_to, ..
                } => {
                    let runs = months
                        .iter()
                        .filter(|m| (1..=64).contains(*m))
                        .fold(0u64, |bits, m| bits | 1 << (m - 1));
                    let lifts = if applies_to.is_empty() {
                        u64::MAX
                    } else {
                        applies_to
                            .iter()
                            .filter_map(|id| plan.channels.iter().position(|o| *o.id == **id))
                            .fold(0u64, |bits, k| bits | 1 << k.min(63))
                    };
                    Some((e, runs, lifts))
                }
                _ => None,
            }),
    );
    let events = &*events;
    let keep = ws.hill.as_mut();
    let mut memo = keep.map(|memo| {
        if memo.len() < 5 * h * n {
            memo.resize(5 * h * n, f64::NAN); // a slot for every channel-month at most
        }
        memo.chunks_exact_mut(5)
    });

    let months = &mut ws.months;
    months.clear();
    // Every month made at once, from one empty month: a month is about 360 bytes, and one made
    // in the loop was built on the stack and copied in, each time (about 4% of a projection).
    months.resize(h, Month::default());
    // Filled month by month, channels in plan order.
    let cm = &mut ws.channel_months;
    cm.clear();
    cm.reserve(h * n);
    // Scratch, in one allocation. With `s_first`, per channel and month
    // (channel-major), written for the S-shaped paid channels only: visitors, and their slope
    // in ad stock. Per channel: ad stock, organic growth factor, event conversion multiplier,
    // price paid / full price. Per source (channels, then the base): active and lapsed
    // members, first repurchasers this month. Cohorts: row 0 is the month before the start
    // (all of it the base's), row c ≥ 1 plan month c − 1; new customers per channel are kept
    // four channels at a time, cohort by cohort within each four (`(k / 4 · rows + c) · 4 +
    // k % 4`, zeros after the last channel) for [`first_repurchases`]; `hazards` holds the
    // first-repurchase hazard by lag.
    let rows = h + 1;
    let stride = n.div_ceil(4) * 4;
    let scratch = &mut ws.scratch;
    scratch.clear();
    let hazard_rows = if FAST_TRIALS { rows } else { 0 };
    // Not for a run of variants (Monte Carlo's trials, the finder's), which mostly reuse the
    // curves' responses: there the separate loop only costs.
    let s_first = S_CURVES_FIRST && memo.is_none();
    let s_columns = if s_first { h * n } else { 0 };
    scratch.resize(
        4 * n + 2 * s_columns + 3 * sources + stride * rows + 2 * rows + hazard_rows,
        0.0,
    );
    let (s_visitors, rest) = scratch.split_at_mut(s_columns);
    let (s_slope, rest) = rest.split_at_mut(s_columns);
    let (adstock, rest) = rest.split_at_mut(n);
    let (growth, rest) = rest.split_at_mut(n);
    let (ev_mult, rest) = rest.split_at_mut(n);
    let (ev_price, rest) = rest.split_at_mut(n);
    let (active, rest) = rest.split_at_mut(sources);
    let (lapsed, rest) = rest.split_at_mut(sources);
    let (fr, rest) = rest.split_at_mut(sources);
    let (cohort_new, rest) = rest.split_at_mut(stride * rows);
    let (cohort_left, rest) = rest.split_at_mut(rows); // share of each cohort not back yet
    let (back_share, rest) = rest.split_at_mut(rows); // and the share back this month
    let hazards = rest; // `hazard_rows` long
    let mut hazard_of = None; // the bits of the f the hazards were made from
    let mut hazards_made = 0;
    growth.fill(1.0);
    cohort_left.fill(1.0);

    // S-shaped paid channels' visitors first (`s_first`), one channel over every
    // month: each month's response (an `exp` and a `log`) depends on the channel's own ad
    // stock alone, so the processor works out several months' at once. (A channel of shape 1
    // costs two divisions a month, which overlap best with the month loop's other work: it is
    // left there.)
    for (k, ch) in plan.channels.iter().enumerate().filter(|_| s_first) {
        let ChannelKind::Paid {
            spend_cny,
            cpv_cny,
            half_saturation_cny,
            shape,
            carryover,
        } = &ch.kind
        else {
            continue;
        };
        if *shape == 1.0 {
            continue;
        }
        let (visitors, slopes) = (
            &mut s_visitors[k * h..(k + 1) * h],
            &mut s_slope[k * h..(k + 1) * h],
        );
        let (half, alpha) = (*half_saturation_cny, *shape);
        // In passes over the months, each short, so that the processor works on several
        // months' `log`s (then `exp`s) at once: ad stock, then ln(K/A), then (K/A)^α, then
        // the response. The same operations as [`response`], the same bits; 3% faster for
        // the 36 × 8 plan (criterion 7.90 → 7.63 µs) than one month at a time.
        for (t, a) in slopes.iter_mut().enumerate() {
            adstock[k] = spend_cny.at(t) + carryover * adstock[k];
            *a = adstock[k];
        }
        for (ln, &a) in visitors.iter_mut().zip(slopes.iter()) {
            *ln = if a <= 0.0 { 0.0 } else { libm::log(half / a) };
        }
        for ln in visitors.iter_mut() {
            *ln = libm::exp(alpha * *ln);
        }
        for (t, (v, a)) in visitors.iter_mut().zip(slopes.iter_mut()).enumerate() {
            let season = plan.seasonality[plan.start.calendar_month(t) - 1];
            let (share, d) = hill_from(*a, half, alpha, *v);
            let scale = season * half / *cpv_cny;
            (*v, *a) = (scale * share, scale * d);
        }
    }

    active[base] = mem.starting_repeat_customers;
    lapsed[base] = mem.starting_lapsed_customers;
    // Customers who have bought once and not come back, as the month begins.
    let mut one_time = mem.prior_month_new_customers;

    for t in 0..h {
        let season = plan.seasonality[plan.start.calendar_month(t) - 1];
        let bit = 1u64 << t.min(63);

        // Events running this month.
        ev_mult.fill(1.0);
        ev_price.fill(1.0);
        let mut member_price = 1.0; // store-wide discounts reach returning members too
        let mut ev_returning = 1.0;
        for &(e, runs, lifts) in events {
            if runs & bit == 0 {
                continue;
            }
            if let ChannelKind::Event {
                conversion_multiplier,
                returning_multiplier,
                discount_rate,
                ..
            } = &plan.channels[e].kind
            {
                for (k, (m, p)) in ev_mult.iter_mut().zip(ev_price.iter_mut()).enumerate() {
                    if lifts & (1 << k.min(63)) != 0 {
                        *m *= conversion_multiplier;
                        *p *= 1.0 - discount_rate;
                    }
                }
                if lifts == u64::MAX {
                    member_price *= 1.0 - discount_rate;
                }
                ev_returning *= returning_multiplier;
            }
        }

        let lift_aov = 1.0 + ops.aov_uplift.at(t);
        let aov_new = ops.new_aov_cny.at(t); // base revenue per new buyer at full price
        let aov_returning = ops.returning_aov_cny.at(t);
        let ops_conv = ops.conversion_multiplier.at(t);

        let Some(m) = months.get_mut(t) else { break };
        // The channels' sums, kept apart from the month until every channel is in: a month in
        // memory would be read and written back for every channel.
        let mut sum = ChannelSums::default();
        let row = t * n;
        // What each kind of channel's cost adds up to: ad spend, commission, event fees (and
        // an organic channel's nothing), in plan order.
        let mut costs = [0.0; 4];
        let lifted = ev_mult.iter().zip(ev_price.iter());
        let channels = plan.channels.iter().enumerate().zip(lifted);
        for ((k, ch), (&mult, &price)) in channels {
            let cr = ch.conversion_rate.at(t);
            let share_existing = ch.existing_customer_share.at(t);
            let eff = (cr * ops_conv * mult).min(1.0);
            let (rpn, rpr) = (aov_new * price, aov_returning * price);
            let value_per_buyer = (1.0 - share_existing) * rpn + share_existing * rpr;
            let mut slope = None; // d visitors / d adstock, paid channels only

            // An affiliate's cost is its commission rate until its revenue is known.
            let (visitors, cost, cost_of) = match &ch.kind {
                ChannelKind::Paid {
                    spend_cny,
                    cpv_cny,
                    half_saturation_cny,
                    shape,
                    carryover,
                } => {
                    let spend = spend_cny.at(t);
                    let (visitors, d) = if *shape == 1.0 || !s_first {
                        adstock[k] = spend + carryover * adstock[k];
                        let slot = memo.as_mut().and_then(|m| m.next());
                        let (a, half) = (adstock[k], *half_saturation_cny);
                        response(slot, a, season, half, *cpv_cny, *shape)
                    } else {
                        (s_visitors[k * h + t], s_slope[k * h + t])
                    };
                    slope = Some(d);
                    match visitors_of {
                        Some((j, given)) if j == k => {
                            (given.get(t).copied().unwrap_or(0.0), spend, AD_SPEND)
                        }
                        _ => (visitors, spend, AD_SPEND),
                    }
                }
                ChannelKind::Affiliate {
                    visitors,
                    commission_rate,
                } => (season * visitors.at(t), commission_rate.at(t), COMMISSION),
                ChannelKind::Organic {
                    visitors,
                    growth_rate,
                } => {
                    let v = season * visitors.at(t) * growth[k];
                    growth[k] *= 1.0 + growth_rate;
                    (v, 0.0, NO_COST)
                }
                ChannelKind::Event {
                    visitors, fee_cny, ..
                } => {
                    if events.iter().any(|&(e, runs, _)| e == k && runs & bit != 0) {
                        (*visitors, *fee_cny, EVENT_FEES)
                    } else {
                        (0.0, 0.0, EVENT_FEES)
                    }
                }
            };
            let buyers = visitors * eff;
            let new = buyers * (1.0 - share_existing);
            let existing = buyers * share_existing;
            let first = buyers * value_per_buyer * lift_aov;
            let traffic = visitors * cr * value_per_buyer;
            let cost = if cost_of == COMMISSION {
                cost * first
            } else {
                cost
            };
            if full {
                cm.push(ChannelMonth {
                    visitors,
                    buyers,
                    new_customers: new,
                    existing_buyers: existing,
                    first_order_revenue: first,
                    repeat_revenue: 0.0, // set below, once the members have bought
                    revenue: first,
                    cost,
                    // Marginal first-order revenue per yuan of ad stock, before carry-over.
                    marginal_roas: slope.map(|s| s * eff * value_per_buyer * lift_aov),
                });
            }
            // x / 1 is x: most channels run no discount, and a division is slow.
            sum.full_price_revenue += if price == 1.0 { first } else { first / price };

            sum.visitors += visitors;
            sum.new_customers += new;
            sum.existing_via_channels += existing;
            sum.revenue_new += new * rpn * lift_aov;
            sum.revenue_returning += existing * rpr * lift_aov;
            sum.revenue_traffic += traffic;
            sum.revenue_operations += first - traffic;
            costs[cost_of] += cost;
            if cost_of == AD_SPEND {
                sum.paid_first += first;
            }
            // Into the cohort's row of its block of four channels, written as it is worked out:
            // copied in later from a row of the month's, rows of four read back just after
            // eight-byte writes cost the processor a stall each (4% of a projection).
            if let Some(slot) = cohort_new.get_mut((k / 4 * rows + t + 1) * 4 + k % 4) {
                *slot = new;
            }
        }
        [sum.ad_spend, sum.commission, sum.event_fees, _] = costs;
        m.visitors = sum.visitors;
        m.new_customers = sum.new_customers;
        m.existing_via_channels = sum.existing_via_channels;
        m.revenue_new = sum.revenue_new;
        m.revenue_returning = sum.revenue_returning;
        m.revenue_traffic = sum.revenue_traffic;
        m.revenue_operations = sum.revenue_operations;
        m.ad_spend = sum.ad_spend;
        m.commission = sum.commission;
        m.event_fees = sum.event_fees;

        // Membership: first repurchases from every earlier cohort (row 0 is the month before).
        let crm = &mem.crm;
        let f = (mem.first_repurchase_rate.at(t)
            * (1.0 + crm.first_repurchase_lift.at(t))
            * ev_returning)
            .min(1.0);
        let r = (mem.repeat_purchase_rate.at(t) * (1.0 + crm.repeat_lift.at(t)) * ev_returning)
            .min(1.0);
        let w = (mem.winback_rate.at(t) * (1.0 + crm.winback_lift.at(t)) * ev_returning).min(1.0);
        let churn = mem.churn_rate.at(t);
        // Cohort row c was acquired in plan month c − 1; at month t its lag is t + 1 − c ≥ 1
        // and its hazard f · tail^(lag − 1), made by repeated multiplication from f.
        if full || !FAST_TRIALS {
            // From the newest cohort back.
            let mut hazard = f;
            let walk = cohort_left[..=t].iter_mut().zip(&mut back_share[..=t]);
            for (left, back) in walk.rev() {
                let q = *left * hazard;
                *left -= q;
                *back = q;
                hazard *= tail;
            }
        } else {
            // A trial reads no customer counts: the hazards, the same bits, come from a table
            // kept while f stays the same (a flat rate: every month but an event's), so each
            // cohort's update is independent of the others'.
            if hazard_of != Some(f.to_bits()) {
                hazard_of = Some(f.to_bits());
                hazards[0] = f;
                hazards_made = 1;
            }
            for j in hazards_made..=t {
                hazards[j] = hazards[j - 1] * tail;
            }
            hazards_made = hazards_made.max(t + 1);
            let walk = cohort_left[..=t].iter_mut().zip(&mut back_share[..=t]);
            for ((left, back), &hazard) in walk.zip(hazards[..=t].iter().rev()) {
                let q = *left * hazard;
                *left -= q;
                *back = q;
            }
        }
        fr[base] = mem.prior_month_new_customers * back_share[0];
        first_repurchases(cohort_new, rows, &back_share[1..t + 1], &mut fr[..n]);

        let rpr = aov_returning * member_price; // base revenue per returning member
        let revenue_per_member = rpr * lift_aov;
        let (mut sum_fr, mut sum_repeat, mut sum_back) = (0.0, 0.0, 0.0);
        // The active and lapsed members after this month, summed as `Iterator::sum` does.
        let (mut sum_active, mut sum_lapsed) = (-0.0, -0.0);
        // This month's channels' figures (none in a trial), then the starting base's.
        let mut channels_now = cm.get_mut(row..).unwrap_or_default().iter_mut();
        let sources_now = active.iter_mut().zip(lapsed.iter_mut()).zip(fr.iter());
        for (s, ((a, l), &first)) in sources_now.enumerate() {
            let repeat = *a * r;
            let back = *l * w;
            sum_fr += first;
            sum_repeat += repeat;
            sum_back += back;
            let revenue = (first + repeat + back) * revenue_per_member;
            if s == base {
                m.revenue_base = revenue;
            } else if let Some(c) = channels_now.next() {
                c.repeat_revenue = revenue;
                c.revenue = c.first_order_revenue + revenue;
            }
            let churned = *a * churn;
            *a += first + back - churned;
            *l += churned - back;
            sum_active += *a;
            sum_lapsed += *l;
        }
        let members = sum_fr + sum_repeat + sum_back;
        m.first_repurchasers = sum_fr;
        m.repeat_buyers = sum_repeat;
        m.winback_buyers = sum_back;
        m.revenue_returning += members * revenue_per_member;
        m.revenue_membership = members * rpr;
        m.revenue_operations += members * rpr * (lift_aov - 1.0);
        let full_price_revenue = sum.full_price_revenue + members * aov_returning * lift_aov;

        m.returning_customers =
            m.existing_via_channels + m.first_repurchasers + m.repeat_buyers + m.winback_buyers;
        m.buyers = m.new_customers + m.returning_customers;
        m.orders = m.buyers * ops.orders_per_buyer.at(t);
        m.revenue = m.revenue_new + m.revenue_returning;
        let margin = ops.gross_margin.at(t);
        m.goods_cost = full_price_revenue * (1.0 - margin);
        m.fulfilment_cost = m.orders * ops.fulfilment_cost_per_order_cny.at(t);
        m.platform_fee = m.revenue * ops.platform_fee_rate.at(t);
        m.gross_profit = m.revenue - m.goods_cost - m.fulfilment_cost - m.platform_fee;
        m.crm_cost = crm.monthly_cost_cny.at(t);
        m.marketing_cost = m.ad_spend + m.commission + m.event_fees + m.crm_cost;
        m.profit = m.gross_profit - m.marketing_cost;
        if !full {
            continue; // a trial reads revenue and profit, worked out above
        }
        m.roas_first_order = ratio(sum.paid_first, m.ad_spend);
        m.break_even_roas = 1.0 / margin;
        m.cac = ratio(m.ad_spend + m.commission + m.event_fees, m.new_customers);
        let channel_buyers = m.new_customers + m.existing_via_channels;
        m.conversion_rate = ratio(channel_buyers, m.visitors);
        m.revenue_per_buyer = ratio(m.revenue, m.buyers);
        m.order_value = ratio(m.revenue, m.orders);
        m.active_customers = sum_active;
        m.lapsed_customers = sum_lapsed;
        // Those who had bought once and not come back, less this month's first repurchasers
        // (every cohort's: the same figure as summing what is left of each cohort, to a few
        // units in the last place, without a pass over the cohorts; never below zero, which
        // rounding could give once every cohort is back), then this month's new customers (no
        // chance yet). `tests/invariants.rs` checks it against the sums from the start.
        one_time = (one_time - m.first_repurchasers).max(0.0);
        m.one_time_customers = one_time + m.new_customers;
        one_time = m.one_time_customers;
        m.customer_base = m.active_customers + m.lapsed_customers + m.one_time_customers;
        if let Some(target) = &plan.target_revenue_cny {
            let goal = target.at(t);
            m.target_revenue = Some(goal);
            m.target_shortfall = Some((goal - m.revenue).max(0.0));
        }
    }
}

/// Where a channel's cost goes in a month's sums (`costs` in [`run`]).
const AD_SPEND: usize = 0;
const COMMISSION: usize = 1;
const EVENT_FEES: usize = 2;
const NO_COST: usize = 3;

/// What a month's channels add up to, in plan order (the month's figures of the same names),
/// with the revenue at full price (before event discounts) and the paid channels' first-order
/// revenue.
#[derive(Default)]
struct ChannelSums {
    visitors: f64,
    new_customers: f64,
    existing_via_channels: f64,
    revenue_new: f64,
    revenue_returning: f64,
    revenue_traffic: f64,
    revenue_operations: f64,
    ad_spend: f64,
    commission: f64,
    event_fees: f64,
    full_price_revenue: f64,
    paid_first: f64,
}

/// Each channel's first repurchases this month: `out[k] = Σ_c new(c, k) · back[c]` over the
/// cohorts `c = 1, 2, …` (`back[c − 1]`), for the `out.len()` channels. `blocks` holds new
/// customers four channels at a time (block-major: `rows` cohorts of four, zeros after the last
/// channel), so each block's four sums stay in registers (and vectorise where the target has
/// SIMD). Each channel's sum is taken in a fixed order, the same on every platform: four
/// running sums over the whole groups of four cohorts, one per position in the group, then the
/// rest in order, added as `(s₀ + s₁) + (s₂ + s₃) + rest`.
#[inline]
fn first_repurchases(blocks: &[f64], rows: usize, back: &[f64], out: &mut [f64]) {
    let cohorts = back.len().min(rows.saturating_sub(1));
    let whole = cohorts / 4 * 4;
    let (shares, _) = back[..whole].as_chunks::<4>();
    for (block, out) in blocks.chunks_exact(4 * rows).zip(out.chunks_mut(4)) {
        let (columns, _) = block[4..4 * (cohorts + 1)].as_chunks::<4>();
        let (quads, _) = columns[..whole].as_chunks::<4>();
        // Written out, not looped: the page's build (opt-level "z") does not unroll loops, and
        // sums indexed by a loop's counter would go through memory.
        let [mut l0, mut l1, mut l2, mut l3] = [[0.0f64; 4]; 4];
        for (quad, share) in quads.iter().zip(shares) {
            add_scaled(&mut l0, &quad[0], share[0]);
            add_scaled(&mut l1, &quad[1], share[1]);
            add_scaled(&mut l2, &quad[2], share[2]);
            add_scaled(&mut l3, &quad[3], share[3]);
        }
        // Under four cohorts a month: left a loop (written out, 68 bytes more for no gain).
        let mut rest = [0.0f64; 4];
        for (column, &share) in columns[whole..].iter().zip(&back[whole..cohorts]) {
            for j in 0..4 {
                rest[j] += column[j] * share;
            }
        }
        for (j, o) in out.iter_mut().enumerate() {
            *o = (l0[j] + l1[j]) + (l2[j] + l3[j]) + rest[j];
        }
    }
}

/// `acc[j] += x[j] · s` for the four lanes, written out so that `acc` stays in registers.
#[inline(always)]
fn add_scaled(acc: &mut [f64; 4], x: &[f64; 4], s: f64) {
    acc[0] += x[0] * s;
    acc[1] += x[1] * s;
    acc[2] += x[2] * s;
    acc[3] += x[3] * s;
}

/// `a / b`, or `None` when `b` is zero.
#[inline]
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

fn channel_totals(plan: &Plan, cm: &[ChannelMonth], h: usize) -> Vec<ChannelTotals> {
    let n = plan.channels.len();
    plan.channels
        .iter()
        .enumerate()
        .map(|(k, ch)| {
            // Summed apart and put in at the end: `..ChannelTotals::default()` would make two
            // empty names and drop them again, four atomic counts a channel (3% of a projection).
            let mut sums = ChannelMonth::default();
            let mut weighted = 0.0;
            let mut plain = 0.0;
            let mut all_finite = true;
            for x in cm.chunks_exact(n).take(h).filter_map(|month| month.get(k)) {
                sums.visitors += x.visitors;
                sums.buyers += x.buyers;
                sums.new_customers += x.new_customers;
                sums.first_order_revenue += x.first_order_revenue;
                sums.repeat_revenue += x.repeat_revenue;
                sums.revenue += x.revenue;
                sums.cost += x.cost;
                if let Some(mr) = x.marginal_roas {
                    weighted += mr * x.cost;
                    plain += mr;
                } else {
                    all_finite = false;
                }
            }
            let cost = sums.cost;
            let marginal_roas = match ch.kind {
                ChannelKind::Paid { .. } if all_finite && h > 0 => Some(if cost > 0.0 {
                    weighted / cost
                } else {
                    plain / h as f64
                }),
                _ => None,
            };
            ChannelTotals {
                id: ch.id.clone(),
                name: ch.name.clone(),
                kind: ch.kind.name(),
                visitors: sums.visitors,
                buyers: sums.buyers,
                new_customers: sums.new_customers,
                first_order_revenue: sums.first_order_revenue,
                repeat_revenue: sums.repeat_revenue,
                revenue: sums.revenue,
                cost,
                roas_first_order: ratio(sums.first_order_revenue, cost),
                roas_lifetime: ratio(sums.revenue, cost),
                cac: if cost > 0.0 {
                    ratio(cost, sums.new_customers)
                } else {
                    None
                },
                marginal_roas,
            }
        })
        .collect()
}

fn totals(months: &[Month], channels: &[ChannelTotals], plan: &Plan) -> Totals {
    let mut t = Totals::default();
    let mut margin_weighted = 0.0;
    let mut margin_plain = 0.0;
    for m in months {
        t.visitors += m.visitors;
        t.buyers += m.buyers;
        t.new_customers += m.new_customers;
        t.returning_customers += m.returning_customers;
        t.orders += m.orders;
        t.revenue += m.revenue;
        t.revenue_new += m.revenue_new;
        t.revenue_returning += m.revenue_returning;
        t.revenue_traffic += m.revenue_traffic;
        t.revenue_operations += m.revenue_operations;
        t.revenue_membership += m.revenue_membership;
        t.revenue_base += m.revenue_base;
        t.ad_spend += m.ad_spend;
        t.commission += m.commission;
        t.event_fees += m.event_fees;
        t.crm_cost += m.crm_cost;
        t.marketing_cost += m.marketing_cost;
        t.goods_cost += m.goods_cost;
        t.fulfilment_cost += m.fulfilment_cost;
        t.platform_fee += m.platform_fee;
        t.gross_profit += m.gross_profit;
        t.profit += m.profit;
        margin_weighted += m.revenue / m.break_even_roas;
        margin_plain += 1.0 / m.break_even_roas;
    }
    let (mut paid_first, mut paid_all) = (0.0, 0.0);
    for c in channels.iter().filter(|c| c.kind == "paid") {
        paid_first += c.first_order_revenue;
        paid_all += c.revenue;
    }
    t.roas_first_order = ratio(paid_first, t.ad_spend);
    t.roas_lifetime = ratio(paid_all, t.ad_spend);
    // 1 / the revenue-weighted margin (the plain average when there is no revenue).
    let margin = ratio(margin_weighted, t.revenue).or(ratio(margin_plain, months.len() as f64));
    t.break_even_roas = margin.filter(|m| *m > 0.0).map_or(1.0, |m| 1.0 / m);
    t.cac = ratio(t.ad_spend + t.commission + t.event_fees, t.new_customers);
    if let Some(last) = months.last() {
        t.ending_customer_base = last.customer_base;
        t.ending_active_customers = last.active_customers;
    }
    if plan.target_revenue_cny.is_some() {
        t.target_revenue = Some(months.iter().filter_map(|m| m.target_revenue).sum());
        t.target_shortfall = Some(months.iter().filter_map(|m| m.target_shortfall).sum());
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Series;
    use crate::presets;

    /// `first_repurchases` sums in the order its doc gives, for every channel count and number
    /// of cohorts modulo four, with the blocks' padding left out: the same bits as a plain
    /// loop in that order.
    #[test]
    fn first_repurchases_sum_each_channel_in_the_documented_order() {
        for n in 1..=9usize {
            for cohorts in 0..=9 {
                let rows = cohorts + 1;
                let blocks = n.div_ceil(4);
                // Values with many significant bits, so a different order gives other bits.
                let value = |c: usize, k: usize| 1.0 / (3.0 + c as f64 * 7.0 + k as f64 * 0.37);
                let mut new = vec![0.0; blocks * rows * 4];
                for c in 1..rows {
                    for k in 0..n {
                        new[(k / 4 * rows + c) * 4 + k % 4] = value(c, k);
                    }
                }
                let back: Vec<f64> = (0..cohorts).map(|c| 0.1 + 0.013 * c as f64).collect();
                let mut out = vec![f64::NAN; n];
                first_repurchases(&new, rows, &back, &mut out);
                let whole = cohorts / 4 * 4;
                for (k, got) in out.iter().enumerate() {
                    let mut lanes = [0.0; 4];
                    let mut rest = 0.0;
                    for (c, share) in back.iter().enumerate() {
                        let x = value(c + 1, k) * share;
                        if c < whole {
                            lanes[c % 4] += x;
                        } else {
                            rest += x;
                        }
                    }
                    let want = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + rest;
                    assert_eq!(
                        got.to_bits(),
                        want.to_bits(),
                        "{n} channels, {cohorts} cohorts"
                    );
                }
            }
        }
    }

    /// An S-shaped channel's months, worked out before the month loop in passes (`s_first`),
    /// are the same bits as [`hill`] one month at a time (`paid_visitors`, the bottleneck
    /// finder's kept responses), months without spend and without ad stock included. Without
    /// ad stock, an S-shaped curve (α > 1) is flat: the month's marginal ROAS is only what
    /// carry-over brings from the next month.
    #[test]
    fn s_shaped_channels_months_are_hills_bits_with_and_without_spend() {
        let mut plan = presets::synthetic(36, 8);
        let k = plan
            .channels
            .iter()
            .position(|c| matches!(c.kind, ChannelKind::Paid { shape, .. } if shape != 1.0))
            .expect("the 36 × 8 plan has an S-shaped channel");
        // No spend in the first three months (no ad stock yet), then every third month from 4.
        let spend = |t: usize| match t {
            0..3 => 0.0,
            _ if t % 3 == 1 => 0.0, // ad stock left from the month before
            _ => 90_000.0 + 1_000.0 * t as f64,
        };
        if let ChannelKind::Paid {
            spend_cny,
            cpv_cny,
            half_saturation_cny,
            ..
        } = &mut plan.channels[k].kind
        {
            *spend_cny = Series::Monthly((0..36).map(spend).collect());
            // Figures with many significant bits, so a different order of operations shows.
            (*cpv_cny, *half_saturation_cny) = (0.87, 433_333.3);
        }
        let p = simulate(&plan).expect("valid");
        let want = paid_visitors(&plan, k, spend);
        for (t, want) in want.iter().enumerate() {
            let got = p.channel_month(t, k);
            assert_eq!(got.visitors.to_bits(), want.to_bits(), "month {t}");
            assert_eq!(got.visitors == 0.0, t < 3, "month {t}");
            if t < 3 {
                let next = p.channel_month(t + 1, k).marginal_roas.expect("finite");
                let carried = 0.0 + 0.3 * next; // the synthetic plan's carry-over
                let own = got.marginal_roas.expect("finite");
                assert_eq!(own.to_bits(), carried.to_bits(), "month {t}");
            }
        }
    }

    /// A Monte Carlo trial reads `months_into`: the same bits as `project`, for every preset
    /// and for plans of other shapes run one after another in one workspace (a longer plan
    /// after a shorter one, and back), so nothing of an earlier trial leaks into the next; with
    /// the S-shaped curves kept between trials (`for_trials`) or not. Between the two 36 × 8
    /// runs the S-shaped channel's spend, shape and half-saturation change one at a time, so a
    /// kept response is used only for the inputs it came from.
    #[test]
    fn months_into_gives_projects_months_and_profit_bit_for_bit() {
        let mut plans: Vec<Plan> = presets::all().iter().map(|p| p.plan.clone()).collect();
        let base = presets::synthetic(36, 8);
        let s_curve = base
            .channels
            .iter()
            .position(|c| matches!(c.kind, ChannelKind::Paid { shape, .. } if shape != 1.0))
            .expect("the 36 × 8 plan has an S-shaped channel");
        let mut variants = Vec::new();
        for change in 0..3 {
            let mut plan = base.clone();
            if let ChannelKind::Paid {
                spend_cny,
                half_saturation_cny,
                shape,
                ..
            } = &mut plan.channels[s_curve].kind
            {
                match change {
                    0 => *spend_cny = Series::Flat(spend_cny.at(3) * 1.5),
                    1 => *shape = 2.0,
                    _ => *half_saturation_cny *= 0.5,
                }
            }
            plan.name = format!("36 × 8, change {change}");
            variants.push(plan);
        }
        plans.extend([base.clone(), presets::synthetic(3, 2)]);
        plans.extend(variants);
        plans.extend([
            presets::synthetic(60, 32),
            presets::june_with_eight_paid(),
            base.clone(),
            base,
        ]);
        assert!(plans.len() > 6);
        for mut ws in [Workspace::default(), Workspace::for_trials()] {
            for plan in &plans {
                let p = project(plan);
                let profit = months_into(plan, &mut ws);
                assert_eq!(profit.to_bits(), p.totals.profit.to_bits(), "{}", plan.name);
                assert_eq!(ws.months().len(), p.months.len());
                for (a, b) in ws.months().iter().zip(&p.months) {
                    assert_eq!(a.revenue.to_bits(), b.revenue.to_bits(), "{}", plan.name);
                    assert_eq!(a.profit.to_bits(), b.profit.to_bits(), "{}", plan.name);
                    assert_eq!(a.visitors.to_bits(), b.visitors.to_bits(), "{}", plan.name);
                }
            }
        }
    }
}
