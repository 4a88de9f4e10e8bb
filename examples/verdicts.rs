//! Prints the bottleneck finder's verdict for every preset, in both languages, judged by the
//! goal its story is told in: `cargo run --example verdicts`.

use troika::analysis::sensitivity::{sensitivity, Goal, SensitivityOptions};

fn main() {
    for p in troika::presets::all() {
        let options = SensitivityOptions {
            goal: Goal::of_preset(p),
            ..Default::default()
        };
        match sensitivity(&p.plan, &options) {
            Ok(s) => println!("{}\n  {}\n  {}", p.id, s.verdict.en, s.verdict.zh),
            Err(e) => println!("{}: {e}", p.id),
        }
    }
}
