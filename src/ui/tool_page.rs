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
"#)]
    extern "C" {
        fn troika_framed() -> bool;
        fn troika_to_planner(fragment: &str);
    }

    /// Whether this page, `tool`, was opened on its own rather than in the planner's frame: then
    /// the reader is on their way to the planner, which opens `tool`, and the page must not start.
    pub fn sent_to_planner(tool: super::Tool) -> bool {
        if troika_framed() {
            return false;
        }
        troika_to_planner(tool.fragment());
        true
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::sent_to_planner;

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
