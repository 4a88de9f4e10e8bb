//! The planner's tool pages, "My scenarios" (`scenarios.html`) and "Embed this plan"
//! (`embed-builder.html`), work in a frame over the planner, which hands them the plan on screen
//! and takes back what they give. Opened on their own (a bookmark, an address typed or shared),
//! they would have no plan and nobody to hand one to: they send the reader to the planner
//! instead, which opens them over itself, as their buttons do.

/// A tool page, named by the fragment that asks the planner to open it (`index.html#scenarios`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// "My scenarios".
    Scenarios,
    /// "Embed this plan".
    Embed,
}

impl Tool {
    /// The fragment, without its `#`.
    pub fn fragment(self) -> &'static str {
        match self {
            Tool::Scenarios => "scenarios",
            Tool::Embed => "embed",
        }
    }

    /// The tool a URL fragment (with or without its `#`) asks for; `None` for any other.
    pub fn asked_in(hash: &str) -> Option<Tool> {
        match hash.strip_prefix('#').unwrap_or(hash) {
            "scenarios" => Some(Tool::Scenarios),
            "embed" => Some(Tool::Embed),
            _ => None,
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
export function troika_framed() { try { return parent !== window; } catch (e) { return true; } }
// index.html by name: a copy opened from a folder (file://) has no server to pick it.
export function troika_to_planner(fragment) { location.replace('index.html#' + fragment); }
// In the planner's frame this page is a modal dialog over an inert page: Tab and Shift+Tab go
// round its own controls, never out to this page's body or the planner's, which show no focus.
export function troika_keep_tab_inside() {
  const controls = () => [...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')]
    .filter((e) => !e.disabled && e.getClientRects().length > 0);
  addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
    const all = controls();
    if (!all.length) return;
    const at = document.activeElement;
    const edge = e.shiftKey ? all[0] : all[all.length - 1];
    if (at === edge || !all.includes(at)) {
      e.preventDefault();
      (e.shiftKey ? all[all.length - 1] : all[0]).focus();
    }
  });
}
"#)]
    extern "C" {
        fn troika_framed() -> bool;
        fn troika_to_planner(fragment: &str);
        fn troika_keep_tab_inside();
    }

    /// Whether this page, `tool`, is open in the planner's frame, where it starts (and keeps
    /// Tab within itself, a modal dialog's). Opened on its own, it sends the reader to the
    /// planner, which opens `tool`, and must not start.
    pub fn opened_in_planner(tool: super::Tool) -> bool {
        if troika_framed() {
            troika_keep_tab_inside();
            return true;
        }
        troika_to_planner(tool.fragment());
        false
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::opened_in_planner;

#[cfg(test)]
mod tests {
    use super::Tool;

    #[test]
    fn each_tool_is_asked_for_by_its_own_fragment_and_nothing_else_is() {
        for tool in [Tool::Scenarios, Tool::Embed] {
            assert_eq!(Tool::asked_in(tool.fragment()), Some(tool));
            assert_eq!(Tool::asked_in(&format!("#{}", tool.fragment())), Some(tool));
        }
        for other in [
            "",
            "#",
            "#plan=abc",
            "#present=june",
            "#scenarios&x",
            "#Embed",
        ] {
            assert_eq!(Tool::asked_in(other), None, "{other}");
        }
    }
}
