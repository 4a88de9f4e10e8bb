//! The plan's shape: every numeric field of a channel, of `operations` and of `membership` once,
//! with where it sits, its [`Field`] definition, whether it is a lever, and how to read and write
//! it in a [`Plan`].
//!
//! [`TABLE`] is the source the rest of the crate derives from: the levers
//! ([`levers::levers`](super::levers::levers)), lever paths and their forms ([`path_forms`]),
//! reading, writing and scaling a field by path ([`find`], used by `levers::get`, `set`, `scale`
//! and by Monte Carlo), and every schedule of a plan ([`Plan::for_each_series`]). The codec's key
//! lists, the validator and the format document's sections still name fields by hand, where
//! their order or wording is their own; `tests/shape.rs` proves each of them agrees with this
//! table on every field.
//!
//! Not here: the plan-level fields (`horizon_months` is a whole number, `seasonality` twelve
//! values, `target_revenue_cny` optional) and an event's `months` (a list of months). They are
//! not levers and are read and checked by hand.
//!
//! The entries come in the order the page shows levers: within a channel kind, and then
//! operations, then membership and its CRM programme.

use std::sync::OnceLock;

use super::fields::{self, Field};
use super::{Carriage, ChannelKind, Plan, Series};

/// A channel kind without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Bought traffic.
    Paid,
    /// Affiliate (CPS) traffic.
    Affiliate,
    /// Free traffic.
    Organic,
    /// A promotion.
    Event,
}

impl Kind {
    /// Every kind, in the format document's order.
    pub const ALL: [Kind; 4] = [Kind::Paid, Kind::Affiliate, Kind::Organic, Kind::Event];

    /// The kind of a channel.
    pub fn of(kind: &ChannelKind) -> Kind {
        match kind {
            ChannelKind::Paid { .. } => Kind::Paid,
            ChannelKind::Affiliate { .. } => Kind::Affiliate,
            ChannelKind::Organic { .. } => Kind::Organic,
            ChannelKind::Event { .. } => Kind::Event,
        }
    }

    /// The kind's name as written in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Paid => "paid",
            Kind::Affiliate => "affiliate",
            Kind::Organic => "organic",
            Kind::Event => "event",
        }
    }
}

/// Where a field sits in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// In every channel of this kind (`channels[i].<key>`).
    Channel(Kind),
    /// `operations.<key>`.
    Operations,
    /// `membership.<key>`.
    Membership,
    /// `membership.crm.<key>`.
    Crm,
}

impl Section {
    /// The JSON path of the field `key` here, channels by index: `channels[2].spend_cny`,
    /// `membership.crm.repeat_lift` (as in error messages).
    pub fn json_path(self, key: &str, channel: usize) -> String {
        match self {
            Section::Channel(_) => format!("channels[{channel}].{key}"),
            Section::Operations => format!("operations.{key}"),
            Section::Membership => format!("membership.{key}"),
            Section::Crm => format!("membership.crm.{key}"),
        }
    }
}

/// Whether a field is a lever (a slider in the page, a bar in the bottleneck finder), and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not a lever: a bookkeeping input or a property of the market.
    Input,
    /// A lever in the carriage's main list.
    Lever(Carriage),
    /// A lever folded away under "advanced".
    Advanced(Carriage),
}

/// A field's value, read in place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldRef<'a> {
    /// One number.
    Number(&'a f64),
    /// A number or a monthly schedule.
    Series(&'a Series),
}

impl FieldRef<'_> {
    /// The value in month 1 (a schedule's first month).
    pub fn first(self) -> f64 {
        match self {
            FieldRef::Number(v) => *v,
            FieldRef::Series(s) => s.at(0),
        }
    }
}

/// A field's value, to be written in place.
#[derive(Debug)]
pub enum FieldMut<'a> {
    /// One number.
    Number(&'a mut f64),
    /// A number or a monthly schedule.
    Series(&'a mut Series),
}

/// One numeric field of the plan: where it sits and how to reach it. Entries are told apart by
/// section and key.
pub struct Entry {
    /// Where it sits.
    pub section: Section,
    /// JSON key (also the name of the Rust field).
    pub key: &'static str,
    /// Its lever path form: `channels.<id>.spend_cny`, `operations.new_aov_cny`.
    pub path: &'static str,
    /// Its definition: labels, unit, range, default.
    pub field: &'static Field,
    /// Whether it is a lever, and where.
    pub role: Role,
    /// Whether it may be a schedule ([`FieldRef::Series`]) or is one number.
    pub series: bool,
    /// Reads it in a plan; the `usize` is the channel's index for a channel field. `None` when
    /// there is no such channel or the channel is of another kind.
    pub read: for<'a> fn(&'a Plan, usize) -> Option<FieldRef<'a>>,
    /// Writes it in a plan, as `read`.
    pub write: for<'a> fn(&'a mut Plan, usize) -> Option<FieldMut<'a>>,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.section == other.section && self.key == other.key
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("section", &self.section)
            .field("key", &self.key)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// `Series` or `Number`, as the variant of [`FieldRef`] / [`FieldMut`].
macro_rules! is_series {
    (Series) => {
        true
    };
    (Number) => {
        false
    };
}

/// A field of one channel kind's data (`ChannelKind::$kind { $key, .. }`).
macro_rules! kind_field {
    ($kind:ident, $ty:ident $key:ident, $field:ident, $role:expr) => {
        Entry {
            section: Section::Channel(Kind::$kind),
            key: stringify!($key),
            path: concat!("channels.<id>.", stringify!($key)),
            field: &fields::$field,
            role: $role,
            series: is_series!($ty),
            read: |p, i| match &p.channels.get(i)?.kind {
                ChannelKind::$kind { $key, .. } => Some(FieldRef::$ty($key)),
                _ => None,
            },
            write: |p, i| match &mut p.channels.get_mut(i)?.kind {
                ChannelKind::$kind { $key, .. } => Some(FieldMut::$ty($key)),
                _ => None,
            },
        }
    };
}

/// A field every channel has (`Channel::$key`, a schedule), listed under one kind.
macro_rules! channel_field {
    ($kind:ident, $key:ident, $field:ident, $role:expr) => {
        Entry {
            section: Section::Channel(Kind::$kind),
            key: stringify!($key),
            path: concat!("channels.<id>.", stringify!($key)),
            field: &fields::$field,
            role: $role,
            series: true,
            read: |p, i| {
                let c = p.channels.get(i)?;
                matches!(c.kind, ChannelKind::$kind { .. }).then_some(FieldRef::Series(&c.$key))
            },
            write: |p, i| {
                let c = p.channels.get_mut(i)?;
                match c.kind {
                    ChannelKind::$kind { .. } => Some(FieldMut::Series(&mut c.$key)),
                    _ => None,
                }
            },
        }
    };
}

/// Where a plan-wide section's lever paths start.
macro_rules! prefix {
    (Operations) => {
        "operations."
    };
    (Membership) => {
        "membership."
    };
    (Crm) => {
        "membership.crm."
    };
}

/// A field of a plan-wide section: `$section` is `Operations`, `Membership` or `Crm`, and
/// `$place` the Rust path to the section's struct in a plan.
macro_rules! section_field {
    ($section:ident, $ty:ident $($place:ident).+ => $key:ident, $field:ident, $role:expr) => {
        Entry {
            section: Section::$section,
            key: stringify!($key),
            path: concat!(prefix!($section), stringify!($key)),
            field: &fields::$field,
            role: $role,
            series: is_series!($ty),
            read: |p, _| Some(FieldRef::$ty(&p.$($place).+.$key)),
            write: |p, _| Some(FieldMut::$ty(&mut p.$($place).+.$key)),
        }
    };
}

use Carriage::{Membership as M, Operations as O, Traffic as T};
use Role::{Advanced, Input, Lever};

/// Every numeric field of channels, operations and membership; see the module documentation.
pub static TABLE: &[Entry] = &[
    // Paid channels.
    kind_field!(Paid, Series spend_cny, SPEND, Lever(T)),
    channel_field!(Paid, conversion_rate, CONVERSION_RATE, Lever(T)),
    kind_field!(Paid, Number cpv_cny, CPV, Advanced(T)),
    kind_field!(Paid, Number half_saturation_cny, HALF_SATURATION, Advanced(T)),
    kind_field!(Paid, Number shape, SHAPE, Input),
    kind_field!(Paid, Number carryover, CARRYOVER, Advanced(T)),
    channel_field!(Paid, existing_customer_share, EXISTING_SHARE, Advanced(T)),
    // Affiliate channels.
    kind_field!(Affiliate, Series visitors, AFFILIATE_VISITORS, Lever(T)),
    channel_field!(Affiliate, conversion_rate, CONVERSION_RATE, Lever(T)),
    kind_field!(Affiliate, Series commission_rate, COMMISSION, Advanced(T)),
    channel_field!(Affiliate, existing_customer_share, EXISTING_SHARE, Input),
    // Organic channels.
    kind_field!(Organic, Series visitors, ORGANIC_VISITORS, Lever(T)),
    channel_field!(Organic, conversion_rate, CONVERSION_RATE, Lever(T)),
    kind_field!(Organic, Number growth_rate, GROWTH, Advanced(T)),
    channel_field!(Organic, existing_customer_share, EXISTING_SHARE, Input),
    // Events. Their price and the conversion it buys are operations (运营), as in the model's
    // carriage split; their extra visitors and fee are traffic.
    channel_field!(Event, conversion_rate, EVENT_CONVERSION_RATE, Input),
    kind_field!(Event, Number visitors, EVENT_VISITORS, Lever(T)),
    kind_field!(Event, Number conversion_multiplier, EVENT_CONVERSION, Advanced(O)),
    kind_field!(Event, Number returning_multiplier, EVENT_RETURNING, Input),
    kind_field!(Event, Number discount_rate, DISCOUNT, Advanced(O)),
    kind_field!(Event, Number fee_cny, EVENT_FEE, Advanced(T)),
    channel_field!(Event, existing_customer_share, EXISTING_SHARE, Input),
    // Operations.
    section_field!(Operations, Series operations => new_aov_cny, NEW_AOV, Lever(O)),
    section_field!(Operations, Series operations => returning_aov_cny, RETURNING_AOV, Lever(O)),
    section_field!(Operations, Series operations => conversion_multiplier, OPS_CONVERSION, Lever(O)),
    section_field!(Operations, Series operations => aov_uplift, AOV_UPLIFT, Lever(O)),
    section_field!(Operations, Series operations => gross_margin, GROSS_MARGIN, Lever(O)),
    section_field!(Operations, Series operations => orders_per_buyer, ORDERS_PER_BUYER, Advanced(O)),
    section_field!(Operations, Series operations => fulfilment_cost_per_order_cny, FULFILMENT, Advanced(O)),
    section_field!(Operations, Series operations => platform_fee_rate, PLATFORM_FEE, Advanced(O)),
    // Membership and its CRM programme.
    section_field!(Membership, Series membership => first_repurchase_rate, FIRST_REPURCHASE, Lever(M)),
    section_field!(Membership, Series membership => repeat_purchase_rate, REPEAT_RATE, Lever(M)),
    section_field!(Membership, Series membership => churn_rate, CHURN, Lever(M)),
    section_field!(Crm, Series membership.crm => first_repurchase_lift, CRM_FIRST_LIFT, Lever(M)),
    section_field!(Membership, Number membership => first_repurchase_tail, FIRST_REPURCHASE_TAIL, Advanced(M)),
    section_field!(Membership, Series membership => winback_rate, WINBACK, Advanced(M)),
    section_field!(Membership, Number membership => starting_repeat_customers, STARTING_REPEAT, Advanced(M)),
    section_field!(Crm, Series membership.crm => monthly_cost_cny, CRM_COST, Advanced(M)),
    section_field!(Crm, Series membership.crm => repeat_lift, CRM_REPEAT_LIFT, Advanced(M)),
    section_field!(Membership, Number membership => starting_lapsed_customers, STARTING_LAPSED, Input),
    section_field!(Membership, Number membership => prior_month_new_customers, PRIOR_NEW, Input),
    section_field!(Crm, Series membership.crm => winback_lift, CRM_WINBACK_LIFT, Input),
];

/// The entries of one section, in table order.
pub fn entries(section: Section) -> impl Iterator<Item = &'static Entry> {
    TABLE.iter().filter(move |e| e.section == section)
}

/// The distinct lever path forms: channels', then operations', membership's and CRM's, each in
/// table order (`<id>` stands for a channel's id; the channel's kind decides which apply). Every
/// path Monte Carlo and `levers::get`/`set` accept has one of these forms.
pub fn path_forms() -> &'static [&'static str] {
    static FORMS: OnceLock<Vec<&'static str>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let rank = |s: Section| match s {
            Section::Channel(_) => 0,
            Section::Operations => 1,
            Section::Membership => 2,
            Section::Crm => 3,
        };
        // One pass per section rank rather than a sort: the same order, and no sort code in
        // the page's wasm.
        let mut out: Vec<&'static str> = Vec::new();
        for r in 0..4 {
            for e in TABLE.iter().filter(|e| rank(e.section) == r) {
                if !out.contains(&e.path) {
                    out.push(e.path);
                }
            }
        }
        out
    })
}

/// The kinds of channel a path form applies to, in [`Kind::ALL`] order; empty for a form outside
/// `channels`.
pub fn kinds_of(form: &str) -> Vec<Kind> {
    Kind::ALL
        .into_iter()
        .filter(|k| entries(Section::Channel(*k)).any(|e| e.path == form))
        .collect()
}

/// The lever path forms as a Markdown table for the format document: each form and, for channel
/// fields, the kinds of channel that have it.
pub fn markdown_paths() -> String {
    let mut out = String::from("| path | channel kinds |\n|---|---|\n");
    for form in path_forms() {
        let kinds: Vec<&str> = kinds_of(form).into_iter().map(Kind::name).collect();
        let kinds = if kinds.is_empty() {
            "—".to_string()
        } else {
            kinds.join(", ")
        };
        out.push_str(&format!("| `{form}` | {kinds} |\n"));
    }
    out
}

/// A field found by its lever path in a plan.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// The table's entry.
    pub entry: &'static Entry,
    /// The channel's index, for a channel field (0 otherwise).
    pub channel: usize,
}

impl Place {
    /// The value in `plan` (the plan the place was found in, or one of the same structure).
    pub fn read(self, plan: &Plan) -> Option<FieldRef<'_>> {
        (self.entry.read)(plan, self.channel)
    }

    /// The value in `plan`, to write.
    pub fn write(self, plan: &mut Plan) -> Option<FieldMut<'_>> {
        (self.entry.write)(plan, self.channel)
    }
}

/// Why a lever path was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// `channels.<id>.…` with an id the plan does not have.
    UnknownChannel,
    /// Anything else: not one of the [`path_forms`], or a key the channel's kind does not have.
    UnknownField,
}

/// Finds the field at a lever path: `channels.<id>.<key>` (channels by id) or
/// `operations.<key>`, `membership.<key>`, `membership.crm.<key>`. `channel` looks a channel id
/// up (its index); see [`find`] and [`ChannelIndex`].
pub fn resolve(
    plan: &Plan,
    path: &str,
    channel: impl Fn(&str) -> Option<usize>,
) -> Result<Place, Miss> {
    if let Some(rest) = path.strip_prefix("channels.") {
        let (id, key) = rest.split_once('.').unwrap_or((rest, ""));
        let i = channel(id).ok_or(Miss::UnknownChannel)?;
        let kind = Kind::of(&plan.channels.get(i).ok_or(Miss::UnknownChannel)?.kind);
        return entries(Section::Channel(kind))
            .find(|e| e.key == key)
            .map(|entry| Place { entry, channel: i })
            .ok_or(Miss::UnknownField);
    }
    TABLE
        .iter()
        .find(|e| !matches!(e.section, Section::Channel(_)) && e.path == path)
        .map(|entry| Place { entry, channel: 0 })
        .ok_or(Miss::UnknownField)
}

/// Finds the field at a lever path (see [`resolve`]); channels are looked up one by one, which
/// suits a single path (a plan has at most [`MAX_CHANNELS`](super::MAX_CHANNELS) channels once
/// valid).
pub fn find(plan: &Plan, path: &str) -> Option<Place> {
    resolve(plan, path, |id| {
        plan.channels.iter().position(|c| &*c.id == id)
    })
    .ok()
}

/// A plan's channel ids, for resolving many paths. A valid plan has at most
/// [`MAX_CHANNELS`](super::MAX_CHANNELS) channels, so a scan of this short list is bounded time
/// per path (and, in the page's wasm, kilobytes fewer than a hash map).
#[derive(Debug, Clone, Default)]
pub struct ChannelIndex<'a>(Vec<&'a str>);

impl<'a> ChannelIndex<'a> {
    /// Indexes `plan`'s channels by id (the first of a repeated id).
    pub fn new(plan: &'a Plan) -> Self {
        ChannelIndex(plan.channels.iter().map(|c| &*c.id).collect())
    }

    /// The index of the channel with this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.0.iter().position(|c| *c == id)
    }

    /// Finds the field at a lever path (see [`resolve`]).
    pub fn resolve(&self, plan: &Plan, path: &str) -> Result<Place, Miss> {
        resolve(plan, path, |id| self.get(id))
    }
}

/// Calls `f` on every schedule (per-month field) of the table in `plan`: every channel's, then
/// operations' and membership's.
pub(crate) fn for_each_series(plan: &mut Plan, f: &mut dyn FnMut(&mut Series)) {
    for i in 0..plan.channels.len() {
        let kind = Kind::of(&plan.channels[i].kind);
        for e in entries(Section::Channel(kind)) {
            if let Some(FieldMut::Series(s)) = (e.write)(plan, i) {
                f(s);
            }
        }
    }
    for e in TABLE
        .iter()
        .filter(|e| !matches!(e.section, Section::Channel(_)))
    {
        if let Some(FieldMut::Series(s)) = (e.write)(plan, 0) {
            f(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_their_fields_and_schedules_their_definitions() {
        for e in TABLE {
            assert_eq!(e.key, e.field.key, "{e:?}");
            assert_eq!(e.series, e.field.per_month, "{e:?}");
            assert!(e.path.ends_with(&format!(".{}", e.key)), "{e:?}");
        }
    }

    #[test]
    fn each_key_appears_once_per_section() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[..i] {
                assert!(a.section != b.section || a.key != b.key, "{a:?} twice");
            }
        }
    }

    #[test]
    fn path_forms_are_distinct_and_cover_the_table() {
        let forms = path_forms();
        for e in TABLE {
            assert_eq!(forms.iter().filter(|f| **f == e.path).count(), 1, "{e:?}");
        }
        assert!(forms.contains(&"channels.<id>.shape"));
        assert!(forms.contains(&"membership.crm.winback_lift"));
        assert_eq!(
            kinds_of("channels.<id>.visitors"),
            [Kind::Affiliate, Kind::Organic, Kind::Event]
        );
        assert!(kinds_of("operations.new_aov_cny").is_empty());
    }
}
