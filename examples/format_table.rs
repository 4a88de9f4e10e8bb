//! Prints the field table of `docs/plan-format.md` from the field definitions:
//! `cargo run --example format_table`.
fn main() {
    print!("{}", troika::plan::fields::markdown_table());
}
