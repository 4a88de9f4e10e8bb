//! The page's entry point: mounts the app and hands its state to `window.troika`. The only place
//! that knows both the page (`ui`) and the API (`api`), so neither imports the other.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use std::rc::Rc;
    use troika::ui::{App, AppState};

    /// `window.troika`, bound to the page's state.
    fn install_api(state: AppState) {
        troika::api::install(troika::api::Page {
            plan: Rc::new(move || state.plan.get_untracked()),
            load: Rc::new(move |plan| state.load(plan, None)),
            analyse: troika::ui::web::analyse,
        });
    }

    leptos::mount::mount_to_body(|| view! { <App on_start=install_api /> });
    // The shell index.html showed while the wasm loaded (shell/shell.js) goes in the same task,
    // so no frame shows both.
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
}

/// Natively there is no page; this keeps `cargo build`/`clippy` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
