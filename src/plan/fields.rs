//! Every numeric plan field once: its JSON key, labels in both languages, unit, allowed range,
//! default and whether it may be a monthly schedule.
//!
//! The codec, the validator, the error messages, the format documentation
//! (`docs/plan-format.md`, checked by a test) and the page's sliders all read these, so a range
//! changes in one place.

use super::lang::{self, Lang};

/// What a number measures; decides how ranges are written in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Chinese yuan.
    Cny,
    /// A share or rate, 0.05 = 5%.
    Rate,
    /// A plain multiplier.
    Multiplier,
    /// Visitors (UV).
    Visitors,
    /// Customers or buyers.
    Customers,
    /// Orders.
    Orders,
    /// Months.
    Months,
}

impl Unit {
    /// The unit's name, for documentation and messages.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Cny, Lang::En) => "CNY",
            (Unit::Cny, Lang::Zh) => "元",
            (Unit::Rate, Lang::En) => "share (0.05 = 5%)",
            (Unit::Rate, Lang::Zh) => "比例（0.05 = 5%）",
            (Unit::Multiplier, Lang::En) => "×",
            (Unit::Multiplier, Lang::Zh) => "倍",
            (Unit::Visitors, Lang::En) => "visitors",
            (Unit::Visitors, Lang::Zh) => "访客",
            (Unit::Customers, Lang::En) => "customers",
            (Unit::Customers, Lang::Zh) => "人",
            (Unit::Orders, Lang::En) => "orders",
            (Unit::Orders, Lang::Zh) => "单",
            (Unit::Months, Lang::En) => "months",
            (Unit::Months, Lang::Zh) => "个月",
        }
    }

    /// A value in this unit as the page shows it: rates as percentages (0.05 shows as 5), every
    /// other unit as it is.
    pub fn to_display(self, value: f64) -> f64 {
        match self {
            Unit::Rate => value * 100.0,
            _ => value,
        }
    }

    /// The value in this unit from what the page shows: the inverse of [`Unit::to_display`].
    pub fn from_display(self, shown: f64) -> f64 {
        match self {
            Unit::Rate => shown / 100.0,
            _ => shown,
        }
    }

    /// A plan value as a person reads it, exactly (nothing rounded): money as `¥1,000,000,000`
    /// (`¥10亿` in Chinese), shares as percentages (`4.5%`), multipliers as `1.5×` (`1.5 倍`),
    /// months as `60 months` (`60 个月`), counts grouped (`52,000`).
    pub fn show(self, v: f64, lang: Lang) -> String {
        match (self, lang) {
            (Unit::Cny, _) => lang::money_exact(v, lang),
            (Unit::Rate, _) => lang::percent_exact(v),
            (Unit::Multiplier, Lang::En) => format!("{}×", lang::number_exact(v)),
            (Unit::Multiplier, Lang::Zh) => format!("{} 倍", lang::number_exact(v)),
            (Unit::Months, Lang::En) => format!("{} months", lang::number_exact(v)),
            (Unit::Months, Lang::Zh) => format!("{} 个月", lang::number_exact(v)),
            (Unit::Visitors | Unit::Customers | Unit::Orders, _) => lang::number_exact(v),
        }
    }

    /// An allowed range as a person reads it: `¥0 to ¥1,000,000,000` / `¥0 至 ¥10亿`,
    /// `0% to 100%` / `0% 至 100%`, `1 to 60 months` / `1 至 60 个月`, `0 to 1,000,000,000`.
    pub fn range(self, min: f64, max: f64, lang: Lang) -> String {
        match (self, lang) {
            (Unit::Multiplier, Lang::Zh) => format!(
                "{} 至 {} 倍",
                lang::number_exact(min),
                lang::number_exact(max)
            ),
            (Unit::Months, Lang::En) => format!(
                "{} to {} months",
                lang::number_exact(min),
                lang::number_exact(max)
            ),
            (Unit::Months, Lang::Zh) => format!(
                "{} 至 {} 个月",
                lang::number_exact(min),
                lang::number_exact(max)
            ),
            (_, Lang::En) => format!("{} to {}", self.show(min, lang), self.show(max, lang)),
            (_, Lang::Zh) => format!("{} 至 {}", self.show(min, lang), self.show(max, lang)),
        }
    }
}

/// A range of plain numbers, for options that are not plan fields: `1 to 12`, `0.01 至 0.5`.
pub fn plain_range(min: f64, max: f64, lang: Lang) -> String {
    let (min, max) = (lang::number_exact(min), lang::number_exact(max));
    match lang {
        Lang::En => format!("{min} to {max}"),
        Lang::Zh => format!("{min} 至 {max}"),
    }
}

/// One numeric field of the plan format.
#[derive(Debug, PartialEq)]
pub struct Field {
    /// JSON key.
    pub key: &'static str,
    /// English label.
    pub en: &'static str,
    /// Chinese label.
    pub zh: &'static str,
    /// Unit.
    pub unit: Unit,
    /// Smallest allowed value (inclusive).
    pub min: f64,
    /// Largest allowed value (inclusive).
    pub max: f64,
    /// Value taken when the field is absent; `None` means the field is required.
    pub default: Option<f64>,
    /// Whether the field may be a monthly schedule (an array) instead of one number.
    pub per_month: bool,
    /// What it means, for the documentation.
    pub about: &'static str,
}

impl Field {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// Whether `v` is finite and within the allowed range.
    #[inline]
    pub fn allows(&self, v: f64) -> bool {
        v.is_finite() && v >= self.min && v <= self.max
    }
}

macro_rules! field {
    ($name:ident, $key:literal, $en:literal, $zh:literal, $unit:ident, $min:expr, $max:expr,
     $default:expr, $per_month:literal, $about:literal) => {
        #[doc = $about]
        pub const $name: Field = Field {
            key: $key,
            en: $en,
            zh: $zh,
            unit: Unit::$unit,
            min: $min,
            max: $max,
            default: $default,
            per_month: $per_month,
            about: $about,
        };
    };
}

const BIG: f64 = 1e9;

// The plan.
field!(
    HORIZON_MONTHS,
    "horizon_months",
    "Horizon",
    "预测月数",
    Months,
    1.0,
    60.0,
    None,
    false,
    "How many months to project, a whole number."
);
field!(SEASONALITY, "seasonality", "Seasonality", "季节系数", Multiplier, 0.0, 10.0, Some(1.0), false,
    "Twelve traffic multipliers, January first (618, 双11 peaks); applies to paid, affiliate and organic visitors.");
field!(
    TARGET_REVENUE,
    "target_revenue_cny",
    "Revenue target",
    "目标销售额",
    Cny,
    0.0,
    1e11,
    None,
    true,
    "Monthly revenue target; optional. Drives gap-to-target figures."
);

// Every channel.
field!(
    CONVERSION_RATE,
    "conversion_rate",
    "Conversion rate",
    "转化率",
    Rate,
    0.0,
    1.0,
    None,
    true,
    "Share of the channel's visitors who buy."
);
field!(
    EVENT_CONVERSION_RATE,
    "conversion_rate",
    "Event conversion rate",
    "活动转化率",
    Rate,
    0.0,
    1.0,
    Some(0.0),
    true,
    "Share of an event's own visitors who buy; 0 when the event brings none."
);
field!(
    EXISTING_SHARE,
    "existing_customer_share",
    "Existing-customer share",
    "老客占比",
    Rate,
    0.0,
    1.0,
    Some(0.0),
    true,
    "Share of the channel's buyers who are already customers; they count as returning buyers."
);

// Paid channels.
field!(
    SPEND,
    "spend_cny",
    "Ad spend",
    "广告花费",
    Cny,
    0.0,
    BIG,
    None,
    true,
    "Monthly ad spend."
);
field!(
    CPV,
    "cpv_cny",
    "Cost per visitor at low spend",
    "起始访客成本",
    Cny,
    0.01,
    1000.0,
    None,
    false,
    "CPV₀: what a visitor costs while spend is small."
);
field!(
    HALF_SATURATION,
    "half_saturation_cny",
    "Half-saturation spend",
    "半饱和花费",
    Cny,
    1.0,
    1e10,
    None,
    false,
    "K: the ad-stocked spend at which the average cost per visitor has doubled."
);
field!(
    SHAPE,
    "shape",
    "Response shape",
    "响应曲线形状",
    Multiplier,
    0.3,
    3.0,
    Some(1.0),
    false,
    "α of the Hill curve: 1 gives diminishing returns from the first yuan, above 1 an S-curve."
);
field!(
    CARRYOVER,
    "carryover",
    "Ad carry-over",
    "广告延续率",
    Rate,
    0.0,
    0.95,
    Some(0.0),
    false,
    "λ: share of last month's ad stock that still works this month."
);

// Affiliate channels.
field!(
    AFFILIATE_VISITORS,
    "visitors",
    "Affiliate visitors",
    "淘宝客访客",
    Visitors,
    0.0,
    BIG,
    None,
    true,
    "Visitors the affiliates send each month."
);
field!(
    COMMISSION,
    "commission_rate",
    "Commission",
    "佣金比例",
    Rate,
    0.0,
    0.9,
    None,
    true,
    "Commission on the revenue of the orders affiliates bring."
);

// Organic channels.
field!(
    ORGANIC_VISITORS,
    "visitors",
    "Organic visitors",
    "自然访客",
    Visitors,
    0.0,
    BIG,
    None,
    true,
    "Free visitors in month 1 (or each month, as a schedule) before growth and seasonality."
);
field!(
    GROWTH,
    "growth_rate",
    "Monthly growth",
    "月增长率",
    Rate,
    -0.5,
    1.0,
    Some(0.0),
    false,
    "Monthly growth of organic visitors (negative shrinks)."
);

// Event channels.
field!(
    EVENT_VISITORS,
    "visitors",
    "Event visitors",
    "活动访客",
    Visitors,
    0.0,
    BIG,
    Some(0.0),
    false,
    "Extra visitors in each event month."
);
field!(EVENT_CONVERSION, "conversion_multiplier", "Event conversion multiplier", "活动转化倍数", Multiplier, 1.0, 5.0, Some(1.0), false,
    "Multiplies the conversion of the channels it applies to (`applies_to`, all when empty) in event months.");
field!(
    EVENT_RETURNING,
    "returning_multiplier",
    "Event repeat-buying multiplier",
    "活动老客复购倍数",
    Multiplier,
    1.0,
    5.0,
    Some(1.0),
    false,
    "Multiplies first-repurchase, repeat and win-back rates in event months."
);
field!(DISCOUNT, "discount_rate", "Event discount", "活动折扣", Rate, 0.0, 0.9, Some(0.0), false,
    "Discount on the orders of the channels it applies to (all orders, returning buyers included, when it applies to all) in event months; goods cost stays on the full price.");
field!(
    EVENT_FEE,
    "fee_cny",
    "Event fee",
    "活动费用",
    Cny,
    0.0,
    BIG,
    Some(0.0),
    false,
    "Fixed fee for each event month."
);
field!(
    EVENT_MONTH,
    "months",
    "Event month",
    "活动月份",
    Months,
    1.0,
    60.0,
    None,
    false,
    "Plan months (1-based, within the horizon) in which the event runs, no repeats; none means it does not run within the horizon."
);

// Operations.
field!(
    NEW_AOV,
    "new_aov_cny",
    "New-buyer AOV",
    "新客客单价",
    Cny,
    1.0,
    1e6,
    None,
    true,
    "Revenue per new buyer in a month (客单价 = revenue per buyer)."
);
field!(
    RETURNING_AOV,
    "returning_aov_cny",
    "Returning-buyer AOV",
    "老客客单价",
    Cny,
    1.0,
    1e6,
    None,
    true,
    "Revenue per returning buyer in a month."
);
field!(
    ORDERS_PER_BUYER,
    "orders_per_buyer",
    "Orders per buyer",
    "人均订单数",
    Orders,
    1.0,
    20.0,
    Some(1.0),
    true,
    "Orders each buyer places in a month."
);
field!(
    OPS_CONVERSION,
    "conversion_multiplier",
    "Conversion uplift",
    "转化提升倍数",
    Multiplier,
    1.0,
    5.0,
    Some(1.0),
    true,
    "Multiplies every channel's conversion (themed landing pages, detail pages, service)."
);
field!(
    AOV_UPLIFT,
    "aov_uplift",
    "AOV uplift",
    "客单价提升",
    Rate,
    0.0,
    3.0,
    Some(0.0),
    true,
    "Relative AOV gain from cross-sell, bundles and thresholds (0.1 = +10%)."
);
field!(GROSS_MARGIN, "gross_margin", "Gross margin", "毛利率", Rate, 0.01, 1.0, None, true,
    "Margin on the full price before fulfilment, platform fee and marketing; break-even ROAS = 1 / margin.");
field!(
    FULFILMENT,
    "fulfilment_cost_per_order_cny",
    "Fulfilment cost per order",
    "单均履约成本",
    Cny,
    0.0,
    1e5,
    Some(0.0),
    true,
    "Packing and shipping per order."
);
field!(
    PLATFORM_FEE,
    "platform_fee_rate",
    "Platform fee",
    "平台扣点",
    Rate,
    0.0,
    0.5,
    Some(0.0),
    true,
    "Share of revenue the marketplace keeps."
);

// Membership.
field!(
    STARTING_REPEAT,
    "starting_repeat_customers",
    "Repeat customers at start",
    "期初老客数",
    Customers,
    0.0,
    BIG,
    Some(0.0),
    false,
    "Active repeat customers when the plan starts."
);
field!(
    STARTING_LAPSED,
    "starting_lapsed_customers",
    "Lapsed customers at start",
    "期初流失客户",
    Customers,
    0.0,
    BIG,
    Some(0.0),
    false,
    "Customers who have stopped buying, when the plan starts."
);
field!(
    PRIOR_NEW,
    "prior_month_new_customers",
    "New customers last month",
    "上月新客数",
    Customers,
    0.0,
    BIG,
    Some(0.0),
    false,
    "New customers in the month before the start; their first repurchases fall inside the plan."
);
field!(
    FIRST_REPURCHASE,
    "first_repurchase_rate",
    "First-repurchase rate",
    "新客转老客率",
    Rate,
    0.0,
    1.0,
    Some(0.0),
    true,
    "Share of a month's new customers who buy again the next month."
);
field!(
    FIRST_REPURCHASE_TAIL,
    "first_repurchase_tail",
    "First-repurchase tail",
    "转化衰减系数",
    Rate,
    0.0,
    0.95,
    Some(0.5),
    false,
    "Month k after acquisition the chance is rate × tail^(k−1) for those not yet back."
);
field!(
    REPEAT_RATE,
    "repeat_purchase_rate",
    "Repeat-purchase rate",
    "复购率",
    Rate,
    0.0,
    1.0,
    Some(0.0),
    true,
    "Share of active repeat customers who buy in a month."
);
field!(
    CHURN,
    "churn_rate",
    "Monthly churn",
    "月流失率",
    Rate,
    0.0,
    1.0,
    Some(0.0),
    true,
    "Share of active repeat customers who lapse each month."
);
field!(
    WINBACK,
    "winback_rate",
    "Win-back rate",
    "流失召回率",
    Rate,
    0.0,
    1.0,
    Some(0.0),
    true,
    "Share of lapsed customers who come back and buy each month (回流)."
);

// CRM.
field!(
    CRM_COST,
    "monthly_cost_cny",
    "CRM cost",
    "会员营销费用",
    Cny,
    0.0,
    BIG,
    Some(0.0),
    true,
    "Monthly cost of coupons, SMS and tools."
);
field!(
    CRM_FIRST_LIFT,
    "first_repurchase_lift",
    "CRM lift on first repurchase",
    "会员营销对新客转化的提升",
    Rate,
    0.0,
    5.0,
    Some(0.0),
    true,
    "Relative lift of the first-repurchase rate (0.5 = +50%)."
);
field!(
    CRM_REPEAT_LIFT,
    "repeat_lift",
    "CRM lift on repeat purchase",
    "会员营销对复购的提升",
    Rate,
    0.0,
    5.0,
    Some(0.0),
    true,
    "Relative lift of the repeat-purchase rate."
);
field!(
    CRM_WINBACK_LIFT,
    "winback_lift",
    "CRM lift on win-back",
    "会员营销对召回的提升",
    Rate,
    0.0,
    5.0,
    Some(0.0),
    true,
    "Relative lift of the win-back rate."
);

/// A group of fields as the format documentation lists them.
pub struct Section {
    /// Where the fields sit in the JSON document.
    pub path: &'static str,
    /// The fields.
    pub fields: &'static [&'static Field],
}

/// Every numeric field, grouped as in the JSON document.
pub const SECTIONS: &[Section] = &[
    Section {
        path: "(plan)",
        fields: &[&HORIZON_MONTHS, &SEASONALITY, &TARGET_REVENUE],
    },
    Section {
        path: "channels[]",
        fields: &[&CONVERSION_RATE, &EXISTING_SHARE],
    },
    Section {
        path: "channels[] kind paid",
        fields: &[&SPEND, &CPV, &HALF_SATURATION, &SHAPE, &CARRYOVER],
    },
    Section {
        path: "channels[] kind affiliate",
        fields: &[&AFFILIATE_VISITORS, &COMMISSION],
    },
    Section {
        path: "channels[] kind organic",
        fields: &[&ORGANIC_VISITORS, &GROWTH],
    },
    Section {
        path: "channels[] kind event",
        fields: &[
            &EVENT_MONTH,
            &EVENT_CONVERSION_RATE,
            &EVENT_VISITORS,
            &EVENT_CONVERSION,
            &EVENT_RETURNING,
            &DISCOUNT,
            &EVENT_FEE,
        ],
    },
    Section {
        path: "operations",
        fields: &[
            &NEW_AOV,
            &RETURNING_AOV,
            &ORDERS_PER_BUYER,
            &OPS_CONVERSION,
            &AOV_UPLIFT,
            &GROSS_MARGIN,
            &FULFILMENT,
            &PLATFORM_FEE,
        ],
    },
    Section {
        path: "membership",
        fields: &[
            &STARTING_REPEAT,
            &STARTING_LAPSED,
            &PRIOR_NEW,
            &FIRST_REPURCHASE,
            &FIRST_REPURCHASE_TAIL,
            &REPEAT_RATE,
            &CHURN,
            &WINBACK,
        ],
    },
    Section {
        path: "membership.crm",
        fields: &[
            &CRM_COST,
            &CRM_FIRST_LIFT,
            &CRM_REPEAT_LIFT,
            &CRM_WINBACK_LIFT,
        ],
    },
];

/// Writes a number for people: no exponent, no trailing zeros (`1000000000`, `0.95`).
pub fn plain_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if v == v.trunc() && v.abs() < 1e16 {
        return format!("{}", v as i64);
    }
    // Past what any field allows, written out it would be hundreds of digits (1e308, 5e-324):
    // the fewest digits that read back the same, with an exponent, as JavaScript writes them.
    if v.abs() >= 1e21 || v.abs() < 1e-9 {
        return zmij::Buffer::new().format_finite(v).to_string();
    }
    // Without an exponent, with the fewest digits that read back the same.
    super::lang::decimal_shift(v, 0)
}

/// The field-by-field Markdown table of the format documentation, generated from [`SECTIONS`].
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| where | key | English | 中文 | unit | range | default | schedule | meaning |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for section in SECTIONS {
        for f in section.fields {
            let default = match f.default {
                Some(d) => plain_number(d),
                None if f.key == "target_revenue_cny" => "absent".into(),
                None => "required".into(),
            };
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} | {} to {} | {} | {} | {} |\n",
                section.path,
                f.key,
                f.en,
                f.zh,
                f.unit.name(Lang::En),
                plain_number(f.min),
                plain_number(f.max),
                default,
                if f.per_month { "yes" } else { "no" },
                f.about
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges() {
        for s in SECTIONS {
            for f in s.fields {
                assert!(f.min <= f.max, "{}", f.key);
                if let Some(d) = f.default {
                    assert!(f.allows(d), "{} default {d}", f.key);
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(plain_number(1e9), "1000000000");
        assert_eq!(plain_number(0.95), "0.95");
        assert_eq!(plain_number(-0.5), "-0.5");
        assert_eq!(plain_number(f64::NAN), "NaN");
        assert_eq!(plain_number(1e-7), "0.0000001");
        assert_eq!(plain_number(1e20), "100000000000000000000");
        assert_eq!(plain_number(1e300), "1e+300");
        assert_eq!(plain_number(-1.5e300), "-1.5e+300");
        assert_eq!(plain_number(5e-324), "5e-324");
        assert_eq!(plain_number(f64::MAX), "1.7976931348623157e+308");
    }

    #[test]
    fn ranges_read_in_display_units() {
        assert_eq!(
            SPEND.unit.range(SPEND.min, SPEND.max, Lang::En),
            "¥0 to ¥1,000,000,000"
        );
        assert_eq!(
            SPEND.unit.range(SPEND.min, SPEND.max, Lang::Zh),
            "¥0 至 ¥10亿"
        );
        assert_eq!(
            CPV.unit.range(CPV.min, CPV.max, Lang::En),
            "¥0.01 to ¥1,000"
        );
        assert_eq!(CONVERSION_RATE.unit.range(0.0, 1.0, Lang::En), "0% to 100%");
        assert_eq!(GROWTH.unit.range(-0.5, 1.0, Lang::Zh), "−50% 至 100%");
        assert_eq!(SHAPE.unit.range(0.3, 3.0, Lang::En), "0.3× to 3×");
        assert_eq!(SHAPE.unit.range(0.3, 3.0, Lang::Zh), "0.3 至 3 倍");
        assert_eq!(
            HORIZON_MONTHS.unit.range(1.0, 60.0, Lang::En),
            "1 to 60 months"
        );
        assert_eq!(
            AFFILIATE_VISITORS.unit.range(0.0, 1e9, Lang::Zh),
            "0 至 1,000,000,000"
        );
        assert_eq!(plain_range(0.01, 0.5, Lang::En), "0.01 to 0.5");
    }

    #[test]
    fn the_format_document_lists_every_field() {
        let doc = include_str!("../../docs/plan-format.md");
        let table = markdown_table();
        assert!(
            doc.contains(&table),
            "docs/plan-format.md is out of date: replace its field table with the output of \
             `cargo run --example format_table`"
        );
    }
}
