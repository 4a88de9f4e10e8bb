//! The keys of presenter mode, as slide tools and clickers use them: pure, tested natively.

/// What a key does in presenter mode, following slide tools' conventions (clickers send
/// PageDown and PageUp, some the arrows; their "start show" button sends F5 or Shift+F5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The next step (or, on the guess step, its answer first).
    Next,
    /// The step before.
    Back,
    /// The first step.
    First,
    /// The last step.
    Last,
    /// Step n (0-based): number keys 1 to 9.
    Jump(usize),
    /// Blacks the screen, or brings it back.
    Black,
    /// Full screen on or off.
    FullScreen,
    /// Back to the planner.
    Exit,
    /// A clicker's "start show" (F5, Shift+F5): the show is on already, so nothing, but the
    /// browser must not reload the page (which would drop the presenter and its place).
    Start,
}

/// The presenter's action for a `KeyboardEvent.key`, if any.
pub fn key(name: &str) -> Option<Key> {
    Some(match name {
        "ArrowRight" | "ArrowDown" | " " | "PageDown" | "Enter" | "n" | "N" => Key::Next,
        "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" | "p" | "P" => Key::Back,
        "Home" => Key::First,
        "End" => Key::Last,
        "b" | "B" | "." => Key::Black,
        "f" | "F" => Key::FullScreen,
        "Escape" => Key::Exit,
        "F5" => Key::Start,
        d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() && d != "0" => {
            Key::Jump(usize::from(d.as_bytes()[0] - b'1'))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicker_and_keyboard_keys_map_as_in_slide_tools() {
        for k in [
            "ArrowRight",
            "ArrowDown",
            " ",
            "PageDown",
            "Enter",
            "n",
            "N",
        ] {
            assert_eq!(key(k), Some(Key::Next), "{k}");
        }
        for k in ["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p", "P"] {
            assert_eq!(key(k), Some(Key::Back), "{k}");
        }
        assert_eq!(key("Home"), Some(Key::First));
        assert_eq!(key("End"), Some(Key::Last));
        assert_eq!(key("3"), Some(Key::Jump(2)));
        assert_eq!(key("0"), None);
        assert_eq!(key("b"), Some(Key::Black));
        assert_eq!(key("."), Some(Key::Black));
        assert_eq!(key("F"), Some(Key::FullScreen));
        assert_eq!(key("Escape"), Some(Key::Exit));
        assert_eq!(key("F5"), Some(Key::Start));
        assert_eq!(key("x"), None);
    }
}
