//! The KPI cards: which figures, and their change against the plan as loaded. The page formats
//! the numbers; it does not compute them.

use super::i18n::Msg;
use crate::model::Projection;

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
    /// Its value for the plan as loaded.
    pub loaded: Option<f64>,
    /// Whether a rise is good news (false for costs and the gap to target).
    pub higher_is_better: bool,
}

impl Kpi {
    /// The change against the plan as loaded.
    pub fn delta(&self) -> Option<f64> {
        Some(self.value? - self.loaded?)
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

/// The KPI cards for a projection, against the projection of the plan as loaded.
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
    let (now, then) = (figures(current), figures(loaded));
    CARDS
        .iter()
        .zip(now.iter().zip(then))
        .map(
            |(&(id, label, format, higher_is_better), (&value, loaded))| Kpi {
                id,
                label,
                format,
                value,
                loaded,
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
    }
}
