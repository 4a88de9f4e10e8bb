//! Prints the generated tables of `docs/plan-format.md`: the numeric field table (from the field
//! definitions), then the lever path table (from the plan's shape table):
//! `cargo run --example format_table`.
fn main() {
    print!("{}", troika::plan::fields::markdown_table());
    println!();
    print!("{}", troika::plan::shape::markdown_paths());
}
