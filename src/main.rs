//! The page's entry point: mounts the app. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(troika::ui::App);
}

/// Natively there is no page; this keeps `cargo build`/`clippy` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
