//! Prints a preset's projection: `cargo run --example project -- june [month]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let id = args.get(1).map(String::as_str).unwrap_or("june");
    let Some(preset) = troika::presets::get(id) else {
        eprintln!(
            "no preset {id}; have: {:?}",
            troika::presets::all()
                .iter()
                .map(|p| &p.id)
                .collect::<Vec<_>>()
        );
        std::process::exit(2);
    };
    let p = match troika::simulate(&preset.plan) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!(
        "{:>8} {:>12} {:>9} {:>9} {:>9} {:>9} {:>11} {:>11} {:>10} {:>11}",
        "month",
        "revenue",
        "buyers",
        "orders",
        "new",
        "return",
        "rev_new",
        "rev_ret",
        "ad",
        "profit"
    );
    for (t, m) in p.months.iter().enumerate() {
        println!(
            "{:>8} {:>12.0} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>11.0} {:>11.0} {:>10.0} {:>11.0}",
            preset.plan.month_label(t),
            m.revenue,
            m.buyers,
            m.orders,
            m.new_customers,
            m.returning_customers,
            m.revenue_new,
            m.revenue_returning,
            m.ad_spend,
            m.profit
        );
    }
    let t = &p.totals;
    println!(
        "total revenue {:.0} profit {:.0} roas1 {:?} roasL {:?} be {:.2}",
        t.revenue, t.profit, t.roas_first_order, t.roas_lifetime, t.break_even_roas
    );
    for c in &p.channels {
        println!("  {:<10} rev {:>11.0} first {:>11.0} cost {:>10.0} roas1 {:?} roasL {:?} cac {:?} mroas {:?}", c.id, c.revenue, c.first_order_revenue, c.cost, c.roas_first_order.map(|x| (x*100.0).round()/100.0), c.roas_lifetime.map(|x| (x*100.0).round()/100.0), c.cac.map(|x| x.round()), c.marginal_roas.map(|x| (x*100.0).round()/100.0));
    }
    if let Some(Ok(fixed)) = preset.fixed_plan() {
        let q = troika::simulate(&fixed).unwrap();
        let eff = &preset.fix.as_ref().unwrap().effect;
        println!(
            "fix: {:?} before {:.0} after {:.0} delta {:.0} (stated {:.0})",
            eff.metric,
            eff.measure(&p),
            eff.measure(&q),
            eff.measure(&q) - eff.measure(&p),
            eff.delta_cny
        );
        if args.get(2).is_some() {
            for (t, m) in q.months.iter().enumerate() {
                println!(
                    "  fixed {:>8} {:>12.0} profit {:>11.0}",
                    fixed.month_label(t),
                    m.revenue,
                    m.profit
                );
            }
        }
    }
    let m = &p.months[0];
    let paid: f64 = p
        .channels_in(0)
        .iter()
        .zip(&p.channels)
        .filter(|(_, c)| c.kind == "paid")
        .map(|(x, _)| x.first_order_revenue)
        .sum();
    println!(
        "m1: ad revenue {:.0} roas {:?} cac {:?} fr {:.0} repeat {:.0} wb {:.0} exist {:.0}",
        paid,
        m.roas_first_order,
        m.cac,
        m.first_repurchasers,
        m.repeat_buyers,
        m.winback_buyers,
        m.existing_via_channels
    );
}
