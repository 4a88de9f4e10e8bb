//! The KPI cards: which figures, the period they cover, and their change against the plan as
//! loaded over the same months. The page formats the numbers; it does not compute them.

use super::i18n::Msg;
use crate::model::Projection;
use crate::plan::{Plan, Text};

/// How a KPI's number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Yuan.
    Money,
    /// A count of people or orders.
    Count,
    /// A ratio such as ROAS.
    Ratio,
}

impl Format {
    /// The smallest step the page writes a figure of this format in: a fen (¥0.01), one person
    /// or order, a hundredth of a ratio.
    pub fn step(self) -> f64 {
        match self {
            Format::Money | Format::Ratio => 0.01,
            Format::Count => 1.0,
        }
    }
}

/// One KPI card.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    /// Stable id (`revenue`, `roas_lifetime`, …), used as `data-kpi` in the page.
    pub id: &'static str,
    /// Its label.
    pub label: Msg,
    /// How to write it.
    pub format: Format,
    /// Its value over the horizon; `None` when undefined (no spend, no target).
    pub value: Option<f64>,
    /// Its value for the plan as loaded, over the same months (see [`baseline`]).
    pub loaded: Option<f64>,
    /// The months it covers: `2026-06` or `2026-06 – 2027-05 (12 months)`.
    pub period: Text,
    /// Whether a rise is good news (false for costs and the gap to target).
    pub higher_is_better: bool,
}

impl Kpi {
    /// The change against the plan as loaded.
    pub fn delta(&self) -> Option<f64> {
        Some(self.value? - self.loaded?)
    }

    /// The change the card shows: [`Kpi::delta`], but `None` when it would be written as zero
    /// (under half of its format's [`Format::step`]), so a card never reads "+¥0" or
    /// "+¥0.0001".
    pub fn shown_delta(&self) -> Option<f64> {
        self.delta().filter(|d| d.abs() >= self.format.step() / 2.0)
    }
}

fn figures(p: &Projection) -> [Option<f64>; 10] {
    let t = &p.totals;
    [
        Some(t.revenue),
        Some(t.orders),
        Some(t.new_customers),
        Some(t.returning_customers),
        Some(t.ad_spend),
        t.roas_first_order,
        t.roas_lifetime,
        t.cac,
        Some(t.gross_profit),
        t.target_shortfall,
    ]
}

/// The months a projection covers, in both languages: one month by its label, more by the
/// first and last and how many.
pub fn period(p: &Projection) -> Text {
    let h = p.months.len().max(1);
    let (first, last) = (p.start.label(0), p.start.label(h - 1));
    if h == 1 {
        return Text {
            en: first.clone(),
            zh: first,
        };
    }
    // A no-break space keeps "(12 months)" whole where the card's line breaks (style/main.css).
    Text {
        en: format!("{first} – {last} ({h}\u{a0}months)"),
        zh: format!("{first} 至 {last}（{h}\u{a0}个月）"),
    }
}

/// The plan as loaded, projected over `horizon` months: what the KPI changes compare with, so
/// that a shorter or longer horizon compares the same months (a 1-month view against the loaded
/// plan's first month, not its whole year). `None` if it does not project.
pub fn baseline(loaded: &Plan, horizon: usize) -> Option<Projection> {
    if loaded.horizon_months == horizon {
        crate::simulate(loaded).ok()
    } else {
        crate::simulate(&loaded.with_horizon(horizon)).ok()
    }
}

/// The cards named in `ids`, in that order (the widget's `kpis` flag); unknown ids are skipped.
pub fn pick(cards: Vec<Kpi>, ids: &[&str]) -> Vec<Kpi> {
    ids.iter()
        .filter_map(|id| cards.iter().find(|k| k.id == *id).cloned())
        .collect()
}

/// Every KPI card's label, in the order of [`IDS`].
pub const LABELS: [Msg; 10] = [
    Msg::Revenue,
    Msg::Orders,
    Msg::NewBuyers,
    Msg::ReturningBuyers,
    Msg::AdSpend,
    Msg::RoasFirst,
    Msg::RoasLifetime,
    Msg::Cac,
    Msg::GrossProfit,
    Msg::TargetGap,
];

/// Every KPI card's id, in the page's order.
pub const IDS: [&str; 10] = [
    "revenue",
    "orders",
    "new_customers",
    "returning_customers",
    "ad_spend",
    "roas_first_order",
    "roas_lifetime",
    "cac",
    "gross_profit",
    "target_gap",
];

/// The KPI cards for a projection, against the projection of the plan as loaded over the same
/// months ([`baseline`]).
pub fn kpis(current: &Projection, loaded: &Projection) -> Vec<Kpi> {
    const CARDS: [(&str, Msg, Format, bool); 10] = [
        ("revenue", Msg::Revenue, Format::Money, true),
        ("orders", Msg::Orders, Format::Count, true),
        ("new_customers", Msg::NewBuyers, Format::Count, true),
        (
            "returning_customers",
            Msg::ReturningBuyers,
            Format::Count,
            true,
        ),
        ("ad_spend", Msg::AdSpend, Format::Money, false),
        ("roas_first_order", Msg::RoasFirst, Format::Ratio, true),
        ("roas_lifetime", Msg::RoasLifetime, Format::Ratio, true),
        ("cac", Msg::Cac, Format::Money, false),
        ("gross_profit", Msg::GrossProfit, Format::Money, true),
        ("target_gap", Msg::TargetGap, Format::Money, false),
    ];
    debug_assert!(CARDS
        .iter()
        .zip(IDS.iter().zip(LABELS))
        .all(|(c, (id, l))| c.0 == *id && c.1 == l));
    let (now, then) = (figures(current), figures(loaded));
    let same_months = loaded.months.len() == current.months.len();
    let period = period(current);
    CARDS
        .iter()
        .zip(now.iter().zip(then))
        .map(
            |(&(id, label, format, higher_is_better), (&value, loaded))| Kpi {
                id,
                label,
                format,
                value,
                loaded: loaded.filter(|_| same_months),
                period: period.clone(),
                higher_is_better,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{presets, simulate};

    #[test]
    fn cards_show_the_core_figures_and_their_change() {
        let plan = presets::june();
        let loaded = simulate(&plan).unwrap();
        let more = crate::plan::levers::set(&plan, "channels.search.spend_cny", 600_000.0).unwrap();
        let current = simulate(&more).unwrap();
        let cards = kpis(&current, &loaded);
        assert_eq!(cards.len(), 10);
        let revenue = cards.iter().find(|k| k.id == "revenue").unwrap();
        assert_eq!(revenue.value, Some(current.totals.revenue));
        assert!(revenue.delta().unwrap() > 0.0);
        let spend = cards.iter().find(|k| k.id == "ad_spend").unwrap();
        assert_eq!(spend.delta(), Some(12.0 * 100_000.0));
        assert!(!spend.higher_is_better);
        let same = kpis(&loaded, &loaded);
        assert!(same.iter().all(|k| k.delta().is_none_or(|d| d == 0.0)));
        assert!(same.iter().all(|k| k.shown_delta().is_none()));
        assert_eq!(revenue.period.en, "2026-06 – 2027-05 (12\u{a0}months)");
        assert_eq!(revenue.period.zh, "2026-06 至 2027-05（12\u{a0}个月）");
    }

    #[test]
    fn a_change_shows_only_when_it_is_written_as_more_than_zero() {
        let card = |format, value: f64, loaded: f64| Kpi {
            id: "x",
            label: Msg::VsLoaded,
            format,
            value: Some(value),
            loaded: Some(loaded),
            period: Text::default(),
            higher_is_better: true,
        };
        // CAC up by ¥0.1423: the card says so (the page writes it to the fen, "+¥0.14").
        assert_eq!(
            card(Format::Money, 51.0223, 50.88).shown_delta(),
            Some(51.0223 - 50.88)
        );
        // Under half a fen, half a person, half a hundredth: nothing to show.
        assert_eq!(card(Format::Money, 50.884, 50.88).shown_delta(), None);
        assert_eq!(card(Format::Count, 1000.4, 1000.0).shown_delta(), None);
        assert_eq!(card(Format::Ratio, 1.834, 1.83).shown_delta(), None);
        assert!(card(Format::Count, 1001.0, 1000.0).shown_delta().is_some());
        assert!(card(Format::Ratio, 1.80, 1.83).shown_delta().is_some());
    }

    #[test]
    fn a_shorter_horizon_compares_the_same_months() {
        // June loaded over 12 months, then viewed over 1: the change is the edit's, not the
        // eleven months that are no longer shown (it used to read −¥3032万).
        let plan = presets::june();
        let one = simulate(&plan.with_horizon(1)).unwrap();
        let base = baseline(&plan, 1).unwrap();
        let cards = kpis(&one, &base);
        assert!(cards.iter().all(|k| k.delta().is_none_or(|d| d == 0.0)));
        assert_eq!(cards[0].period.en, "2026-06");
        // An edit on the 1-month view shows that edit's effect on that month alone.
        let more = crate::plan::levers::set(
            &plan.with_horizon(1),
            "channels.search.spend_cny",
            600_000.0,
        )
        .unwrap();
        let cards = kpis(&simulate(&more).unwrap(), &base);
        let spend = cards.iter().find(|k| k.id == "ad_spend").unwrap();
        assert_eq!(spend.delta(), Some(100_000.0));
        // Longer: the loaded plan extended the same way.
        let longer = simulate(&plan.with_horizon(24)).unwrap();
        let cards = kpis(&longer, &baseline(&plan, 24).unwrap());
        assert!(cards.iter().all(|k| k.delta().is_none_or(|d| d == 0.0)));
        // Projections of different lengths are never compared.
        let cards = kpis(&longer, &simulate(&plan).unwrap());
        assert!(cards.iter().all(|k| k.delta().is_none()));
    }
}
