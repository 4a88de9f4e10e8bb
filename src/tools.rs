//! "My scenarios" (`scenarios.html`): the scenario library and the compare view
//! (`ui::scenarios`). A binary of its own, built by scripts/post-build.mjs beside the planner and
//! the widget, so that the planner's page carries none of its code: the planner opens it in a
//! frame over itself on first use.

#[cfg(target_arch = "wasm32")]
fn main() {
    use troika::ui::tool_page::{opened_in_planner, Tool};
    if opened_in_planner(Tool::Scenarios) {
        leptos::mount::mount_to_body(troika::ui::ScenarioPage);
    }
}

/// Natively there is no page; this keeps `cargo build`/`clippy` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
