//! The keys of presenter mode, as slide tools and clickers use them: pure, tested natively.

/// What a key does in presenter mode, following slide tools' conventions (clickers send
/// PageDown and PageUp).
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
}

impl Key {
    /// The key as the trainer's view sends it to the projector: `next`, `back`, `first`,
    /// `last`, `jump` (with the step apart), `black`, `full`, `exit`.
    pub fn id(self) -> &'static str {
        match self {
            Key::Next => "next",
            Key::Back => "back",
            Key::First => "first",
            Key::Last => "last",
            Key::Jump(_) => "jump",
            Key::Black => "black",
            Key::FullScreen => "full",
            Key::Exit => "exit",
        }
    }

    /// The key named by [`Key::id`], with the step for `jump`; `None` for anything else (a
    /// message from another window is never trusted).
    pub fn from_id(id: &str, step: Option<usize>) -> Option<Key> {
        Some(match id {
            "next" => Key::Next,
            "back" => Key::Back,
            "first" => Key::First,
            "last" => Key::Last,
            "jump" => Key::Jump(step?),
            "black" => Key::Black,
            "full" => Key::FullScreen,
            "exit" => Key::Exit,
            _ => return None,
        })
    }
}

/// The presenter's action for a `KeyboardEvent.key`, if any.
pub fn key(name: &str) -> Option<Key> {
    Some(match name {
        "ArrowRight" | " " | "PageDown" | "Enter" => Key::Next,
        "ArrowLeft" | "PageUp" | "Backspace" => Key::Back,
        "Home" => Key::First,
        "End" => Key::Last,
        "b" | "B" | "." => Key::Black,
        "f" | "F" => Key::FullScreen,
        "Escape" => Key::Exit,
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
        for k in ["ArrowRight", " ", "PageDown", "Enter"] {
            assert_eq!(key(k), Some(Key::Next), "{k}");
        }
        for k in ["ArrowLeft", "PageUp", "Backspace"] {
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
        assert_eq!(key("x"), None);
    }

    #[test]
    fn keys_cross_between_windows_by_id_and_nothing_else_does() {
        let all = [
            Key::Next,
            Key::Back,
            Key::First,
            Key::Last,
            Key::Jump(4),
            Key::Black,
            Key::FullScreen,
            Key::Exit,
        ];
        for k in all {
            assert_eq!(Key::from_id(k.id(), Some(4)), Some(k), "{k:?}");
        }
        assert_eq!(Key::from_id("jump", None), None);
        for bad in ["", "Next", "<script>", "jump "] {
            assert_eq!(Key::from_id(bad, Some(1)), None, "{bad}");
        }
    }
}
