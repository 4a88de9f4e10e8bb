//! What the planner loads on first use (`ui::deferred`): a binary of its own, built by
//! scripts/post-build.mjs beside the planner, with the analyses panel and presenter mode (started
//! in the planner's page by `mount_analyses`), `window.troika`'s analyses (`analyse`) and the plan
//! report (`plan_report`). The planner's own wasm carries none of them.

#[cfg(target_arch = "wasm32")]
mod panel {
    use wasm_bindgen::prelude::*;

    /// Starts the view `what` (`panel`, `presenter`) in `el` for the planner `host`
    /// (`ui::deferred::Deferred`'s hand-over object); returns the function the planner passes its
    /// changes to.
    #[wasm_bindgen]
    pub fn mount_analyses(what: &str, el: web_sys::HtmlElement, host: JsValue) -> JsValue {
        troika::ui::deferred::mount(what, el, host)
    }

    /// `window.troika`'s analysis `name` on a plan object and options: its answer, or its
    /// errors thrown (`troika::api::analyse`).
    /// `troika.monteCarlo` answers with a promise: its trials run in the Monte Carlo workers
    /// (`troika::ui::web::monte_carlo`), so the page stays free for input.
    #[wasm_bindgen]
    pub fn analyse(name: &str, plan: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        use troika::api;
        if name != "monteCarlo" {
            return api::analyse(name, plan, options);
        }
        let (plan, options) = api::monte_carlo_inputs(plan, options)?;
        let run = async move {
            let result = troika::ui::web::monte_carlo(&plan, &options).await;
            api::answer(
                result.map_err(api::as_options::<troika::analysis::monte_carlo::MonteCarloOptions>),
            )
        };
        Ok(wasm_bindgen_futures::future_to_promise(run).into())
    }

    /// The plan report's HTML for the planner's Print button (`troika::ui::deferred::plan_report`),
    /// or the problems' lines as an array.
    #[wasm_bindgen]
    pub fn plan_report(plan: &str, preset: Option<String>, goal: &str, lang: &str) -> JsValue {
        match troika::ui::deferred::plan_report(plan, preset, goal, lang) {
            Ok(html) => html.into(),
            Err(lines) => lines
                .into_iter()
                .map(JsValue::from)
                .collect::<js_sys::Array>()
                .into(),
        }
    }
}

/// Its views start when the planner calls `mount_analyses`, not as its wasm loads.
fn main() {}
