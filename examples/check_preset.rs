//! Checks every preset parses and prints each fix's effect as JSON: `cargo run --example check_preset`.
fn main() {
    if let Err(e) = troika::presets::check_all() {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let mut out = serde_json::Map::new();
    for p in troika::presets::all() {
        let (Some(fix), Some(Ok(fixed))) = (&p.fix, p.fixed_plan()) else {
            continue;
        };
        let before = troika::simulate(&p.plan).expect("valid preset");
        let after = troika::simulate(&fixed).expect("valid fix");
        let delta = fix.effect.measure(&after) - fix.effect.measure(&before);
        out.insert(p.id.clone(), delta.into());
    }
    println!("{}", serde_json::Value::Object(out));
}
