//! The page (placeholder): a heading and the June preset's horizon revenue.
//!
//! The UI shows what the core returns and never recomputes it.

use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let revenue =
        crate::simulate(&crate::presets::june()).map(|projection| projection.totals.revenue);
    view! {
        <main class="shell">
            <h1>"Troika"</h1>
            {match revenue {
                Ok(revenue_cny) => view! {
                    <section class="kpi" aria-label="Revenue over the horizon">
                        <span class="kpi-label">"Revenue, June preset (CNY)"</span>
                        <output class="kpi-value" data-testid="kpi-revenue">
                            {format!("{revenue_cny:.0}")}
                        </output>
                    </section>
                }
                    .into_any(),
                Err(errors) => view! {
                    <ul class="errors" role="alert">
                        {errors.0.into_iter().map(|error| view! { <li>{error}</li> }).collect_view()}
                    </ul>
                }
                    .into_any(),
            }}
        </main>
    }
}
