//! The widget's entry point (`embed.html`, `docs/embed.md`): mounts `ui::embed::Widget`, or the
//! builder ("Embed this plan", `embed-builder.html`). A binary
//! of its own, so that what an intranet page loads carries none of the planner's analyses,
//! presenter mode or `window.troika` (scripts/post-build.mjs builds it beside the planner).

#[cfg(target_arch = "wasm32")]
fn main() {
    // One binary, two pages: <body class="embed-builder"> is "Embed this plan".
    if troika::ui::embed::browser::page() == "embed-builder" {
        use troika::ui::tool_page::{opened_in_planner, Tool};
        if opened_in_planner(Tool::Embed) {
            leptos::mount::mount_to_body(troika::ui::Builder);
        }
    } else {
        leptos::mount::mount_to_body(troika::ui::Widget);
    }
}

/// Natively there is no page; this keeps `cargo build`/`clippy` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
