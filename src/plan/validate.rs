//! Range and reference checks on a typed [`Plan`]. Paths are written only when a problem is
//! found, so a valid plan validates without allocating.

use super::error::{PlanError, PlanErrors, Problem};
use super::fields::{self, plain_number, Field};
use super::{ChannelKind, Plan, Series, BASE_SOURCE_ID, FORMAT_VERSION, MAX_CHANNELS, MAX_MONTHS};

/// Longest plan name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest channel name, in characters.
pub const MAX_CHANNEL_NAME_CHARS: usize = 40;

/// Where in the document a field sits.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    Plan,
    Channel(usize),
    Operations,
    Membership,
    Crm,
}

impl Scope {
    pub(crate) fn path(self, key: &str, index: Option<usize>) -> String {
        let mut p = match self {
            Scope::Plan => String::new(),
            Scope::Channel(i) => format!("channels[{i}]."),
            Scope::Operations => "operations.".into(),
            Scope::Membership => "membership.".into(),
            Scope::Crm => "membership.crm.".into(),
        };
        p.push_str(key);
        if let Some(i) = index {
            p.push_str(&format!("[{i}]"));
        }
        p
    }
}

/// Whether `id` is 1 to 32 characters of `a-z 0-9 _ -`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

struct Checker {
    errors: Vec<PlanError>,
    /// The horizon when it is valid; schedule lengths are only checked against a valid one.
    horizon: Option<usize>,
}

impl Checker {
    fn push(&mut self, e: PlanError) {
        self.errors.push(e);
    }

    fn number(&mut self, scope: Scope, field: &'static Field, v: f64, index: Option<usize>) {
        if field.allows(v) {
            return;
        }
        let problem = if v.is_finite() {
            Problem::OutOfRange {
                min: field.min,
                max: field.max,
            }
        } else {
            Problem::NotFinite
        };
        self.push(
            PlanError::new(scope.path(field.key, index), Some(plain_number(v)), problem)
                .with_field(field),
        );
    }

    fn series(&mut self, scope: Scope, field: &'static Field, s: &Series) {
        match s {
            Series::Flat(v) => self.number(scope, field, *v, None),
            Series::Monthly(values) => {
                if let Some(h) = self.horizon {
                    if values.len() != h {
                        self.push(
                            PlanError::new(
                                scope.path(field.key, None),
                                Some(format!("[{} values]", values.len())),
                                Problem::WrongLength { expected: h },
                            )
                            .with_field(field),
                        );
                    }
                }
                // Usually every value is allowed: one quick pass (without stopping early, so
                // that it runs several values at once), and the values one by one (with their
                // paths) only when one is not.
                if values.iter().fold(true, |ok, v| ok & field.allows(*v)) {
                    return;
                }
                for (i, v) in values.iter().enumerate() {
                    self.number(scope, field, *v, Some(i));
                }
            }
        }
    }
}

pub(crate) fn validate(plan: &Plan) -> Result<(), PlanErrors> {
    let horizon_ok = (1..=MAX_MONTHS).contains(&plan.horizon_months);
    let mut c = Checker {
        errors: Vec::new(),
        horizon: horizon_ok.then_some(plan.horizon_months),
    };

    if plan.version != FORMAT_VERSION {
        c.push(PlanError::new(
            "version",
            Some(plan.version.to_string()),
            Problem::UnsupportedVersion {
                supported: FORMAT_VERSION,
            },
        ));
    }
    if plan.name.chars().count() > MAX_NAME_CHARS {
        c.push(PlanError::new(
            "name",
            Some(shorten(&plan.name)),
            Problem::TooLong {
                max: MAX_NAME_CHARS,
            },
        ));
    }
    if !horizon_ok {
        c.number(
            Scope::Plan,
            &fields::HORIZON_MONTHS,
            plan.horizon_months as f64,
            None,
        );
    }
    for (i, v) in plan.seasonality.iter().enumerate() {
        c.number(Scope::Plan, &fields::SEASONALITY, *v, Some(i));
    }
    if let Some(t) = &plan.target_revenue_cny {
        c.series(Scope::Plan, &fields::TARGET_REVENUE, t);
    }

    // Over-long lists are reported as such and their entries not checked one by one: the
    // checks for repeats are quadratic, and this keeps validation quick for any plan.
    let channels: &[_] = if plan.channels.len() > MAX_CHANNELS {
        c.push(PlanError::new(
            "channels",
            Some(format!("[{} channels]", plan.channels.len())),
            Problem::TooMany { max: MAX_CHANNELS },
        ));
        &[]
    } else {
        &plan.channels
    };
    for (i, ch) in channels.iter().enumerate() {
        let scope = Scope::Channel(i);
        if !is_valid_id(&ch.id) {
            c.push(PlanError::new(
                scope.path("id", None),
                Some(quote(&ch.id)),
                Problem::BadId,
            ));
        } else if &*ch.id == BASE_SOURCE_ID {
            c.push(PlanError::new(
                scope.path("id", None),
                Some(quote(&ch.id)),
                Problem::ReservedId,
            ));
        } else if plan.channels[..i].iter().any(|o| o.id == ch.id) {
            c.push(PlanError::new(
                scope.path("id", None),
                Some(quote(&ch.id)),
                Problem::DuplicateId,
            ));
        }
        if ch.name.chars().count() > MAX_CHANNEL_NAME_CHARS {
            c.push(PlanError::new(
                scope.path("name", None),
                Some(shorten(&ch.name)),
                Problem::TooLong {
                    max: MAX_CHANNEL_NAME_CHARS,
                },
            ));
        }
        match &ch.kind {
            ChannelKind::Paid {
                spend_cny,
                cpv_cny,
                half_saturation_cny,
                shape,
                carryover,
            } => {
                c.series(scope, &fields::SPEND, spend_cny);
                c.number(scope, &fields::CPV, *cpv_cny, None);
                c.number(scope, &fields::HALF_SATURATION, *half_saturation_cny, None);
                c.number(scope, &fields::SHAPE, *shape, None);
                c.number(scope, &fields::CARRYOVER, *carryover, None);
            }
            ChannelKind::Affiliate {
                visitors,
                commission_rate,
            } => {
                c.series(scope, &fields::AFFILIATE_VISITORS, visitors);
                c.series(scope, &fields::COMMISSION, commission_rate);
            }
            ChannelKind::Organic {
                visitors,
                growth_rate,
            } => {
                c.series(scope, &fields::ORGANIC_VISITORS, visitors);
                c.number(scope, &fields::GROWTH, *growth_rate, None);
            }
            ChannelKind::Event {
                months,
                visitors,
                conversion_multiplier,
                returning_multiplier,
                discount_rate,
                fee_cny,
                applies_to,
            } => {
                // No months: the event does not run within this horizon (as when a shorter
                // horizon leaves it out).
                if months.len() > MAX_MONTHS {
                    c.push(PlanError::new(
                        scope.path("months", None),
                        Some(format!("[{} months]", months.len())),
                        Problem::TooMany { max: MAX_MONTHS },
                    ));
                }
                let last = c.horizon.unwrap_or(MAX_MONTHS);
                let listed = if months.len() > MAX_MONTHS {
                    &[]
                } else {
                    &months[..]
                };
                for (j, m) in listed.iter().enumerate() {
                    if !(1..=last).contains(m) {
                        c.push(
                            PlanError::new(
                                scope.path("months", Some(j)),
                                Some(m.to_string()),
                                Problem::OutOfRange {
                                    min: 1.0,
                                    max: last as f64,
                                },
                            )
                            .with_field(&fields::EVENT_MONTH),
                        );
                    } else if months[..j].contains(m) {
                        c.push(PlanError::new(
                            scope.path("months", Some(j)),
                            Some(m.to_string()),
                            Problem::DuplicateMonth,
                        ));
                    }
                }
                c.number(scope, &fields::EVENT_VISITORS, *visitors, None);
                c.number(
                    scope,
                    &fields::EVENT_CONVERSION,
                    *conversion_multiplier,
                    None,
                );
                c.number(scope, &fields::EVENT_RETURNING, *returning_multiplier, None);
                c.number(scope, &fields::DISCOUNT, *discount_rate, None);
                c.number(scope, &fields::EVENT_FEE, *fee_cny, None);
                let listed = if applies_to.len() > MAX_CHANNELS {
                    c.push(PlanError::new(
                        scope.path("applies_to", None),
                        Some(format!("[{} ids]", applies_to.len())),
                        Problem::TooMany { max: MAX_CHANNELS },
                    ));
                    &[]
                } else {
                    &applies_to[..]
                };
                for (j, id) in listed.iter().enumerate() {
                    if !plan.channels.iter().any(|o| *o.id == **id) {
                        c.push(PlanError::new(
                            scope.path("applies_to", Some(j)),
                            Some(quote(id)),
                            Problem::UnknownChannel,
                        ));
                    }
                }
            }
        }
        let rate_field = match ch.kind {
            ChannelKind::Event { .. } => &fields::EVENT_CONVERSION_RATE,
            _ => &fields::CONVERSION_RATE,
        };
        c.series(scope, rate_field, &ch.conversion_rate);
        c.series(scope, &fields::EXISTING_SHARE, &ch.existing_customer_share);
    }

    let o = &plan.operations;
    let s = Scope::Operations;
    c.series(s, &fields::NEW_AOV, &o.new_aov_cny);
    c.series(s, &fields::RETURNING_AOV, &o.returning_aov_cny);
    c.series(s, &fields::ORDERS_PER_BUYER, &o.orders_per_buyer);
    c.series(s, &fields::OPS_CONVERSION, &o.conversion_multiplier);
    c.series(s, &fields::AOV_UPLIFT, &o.aov_uplift);
    c.series(s, &fields::GROSS_MARGIN, &o.gross_margin);
    c.series(s, &fields::FULFILMENT, &o.fulfilment_cost_per_order_cny);
    c.series(s, &fields::PLATFORM_FEE, &o.platform_fee_rate);

    let m = &plan.membership;
    let s = Scope::Membership;
    c.number(
        s,
        &fields::STARTING_REPEAT,
        m.starting_repeat_customers,
        None,
    );
    c.number(
        s,
        &fields::STARTING_LAPSED,
        m.starting_lapsed_customers,
        None,
    );
    c.number(s, &fields::PRIOR_NEW, m.prior_month_new_customers, None);
    c.series(s, &fields::FIRST_REPURCHASE, &m.first_repurchase_rate);
    c.number(
        s,
        &fields::FIRST_REPURCHASE_TAIL,
        m.first_repurchase_tail,
        None,
    );
    c.series(s, &fields::REPEAT_RATE, &m.repeat_purchase_rate);
    c.series(s, &fields::CHURN, &m.churn_rate);
    c.series(s, &fields::WINBACK, &m.winback_rate);
    let s = Scope::Crm;
    c.series(s, &fields::CRM_COST, &m.crm.monthly_cost_cny);
    c.series(s, &fields::CRM_FIRST_LIFT, &m.crm.first_repurchase_lift);
    c.series(s, &fields::CRM_REPEAT_LIFT, &m.crm.repeat_lift);
    c.series(s, &fields::CRM_WINBACK_LIFT, &m.crm.winback_lift);

    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(PlanErrors(c.errors))
    }
}

/// A string as JSON text, shortened for messages.
pub(crate) fn quote(s: &str) -> String {
    shorten(&serde_json::to_string(s).unwrap_or_default())
}

/// At most 40 characters of `s`, with an ellipsis when cut.
pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(39).collect();
        out.push('…');
        out
    }
}
