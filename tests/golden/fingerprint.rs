//! Fingerprints of projections, shared by the native and the in-browser determinism tests.

/// The committed fingerprints.
pub const GOLDEN: &str = include_str!("projections.txt");

/// FNV-1a, 64 bits: small, and the same on every platform.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One line per plan: its name, and the fingerprint of its projection's JSON (every f64 written
/// with the shortest digits that read back the same bits).
pub fn all() -> String {
    let mut plans: Vec<(String, troika::Plan)> = troika::presets::all()
        .iter()
        .map(|p| (p.id.clone(), p.plan.clone()))
        .collect();
    plans.push(("synthetic-36x8".into(), troika::presets::synthetic(36, 8)));
    plans.push(("synthetic-60x32".into(), troika::presets::synthetic(60, 32)));
    plans
        .iter()
        .map(|(name, plan)| {
            let json = serde_json::to_string(&troika::simulate(plan).expect("valid")).unwrap();
            format!("{name} {:016x}\n", fnv1a(json.as_bytes()))
        })
        .collect()
}
