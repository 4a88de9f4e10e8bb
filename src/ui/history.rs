//! Undo and redo over whole plans. A slider drag is one step: its live moves replace the present
//! (`preview`) and the step is recorded when the drag ends (`commit`).

/// Past, present and future states, newest last.
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<T>,
    present: T,
    future: Vec<T>,
    /// The state before a drag started, until the drag is committed.
    drag_base: Option<T>,
    limit: usize,
}

impl<T: Clone + PartialEq> History<T> {
    /// A history holding `present`, keeping at most `limit` steps to undo.
    pub fn new(present: T, limit: usize) -> Self {
        History {
            past: Vec::new(),
            present,
            future: Vec::new(),
            drag_base: None,
            limit: limit.max(1),
        }
    }

    /// The current state.
    pub fn present(&self) -> &T {
        &self.present
    }

    /// A finished edit: the present becomes a step to undo. An edit that changes nothing is not
    /// recorded.
    pub fn edit(&mut self, next: T) {
        self.commit();
        if next == self.present {
            return;
        }
        let previous = std::mem::replace(&mut self.present, next);
        self.past.push(previous);
        self.future.clear();
        self.trim();
    }

    /// Changes the present in place, as no step of its own (the plan's name once it is saved
    /// under one): Undo goes back past the change with the step before it.
    pub fn amend(&mut self, f: impl FnOnce(&mut T)) {
        self.commit();
        f(&mut self.present);
    }

    /// A live change during a drag: replaces the present without recording a step yet.
    pub fn preview(&mut self, next: T) {
        if self.drag_base.is_none() {
            self.drag_base = Some(self.present.clone());
        }
        self.present = next;
        self.future.clear();
    }

    /// Ends a drag: the state before it becomes one step to undo.
    pub fn commit(&mut self) {
        if let Some(base) = self.drag_base.take() {
            if base != self.present {
                self.past.push(base);
                self.trim();
            }
        }
    }

    /// Whether a drag is under way: [`History::preview`] since the last [`History::commit`].
    pub fn dragging(&self) -> bool {
        self.drag_base.is_some()
    }

    /// Steps back; `false` when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        self.commit();
        match self.past.pop() {
            Some(previous) => {
                let current = std::mem::replace(&mut self.present, previous);
                self.future.push(current);
                true
            }
            None => false,
        }
    }

    /// Steps forward again; `false` when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        self.commit();
        match self.future.pop() {
            Some(next) => {
                let current = std::mem::replace(&mut self.present, next);
                self.past.push(current);
                true
            }
            None => false,
        }
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty() || self.drag_base.as_ref().is_some_and(|b| *b != self.present)
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    fn trim(&mut self) {
        if self.past.len() > self.limit {
            let extra = self.past.len() - self.limit;
            self.past.drain(..extra);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amendment_is_no_step_of_its_own() {
        let mut h = History::new(1, 10);
        h.edit(2);
        h.amend(|x| *x = 20);
        assert_eq!(*h.present(), 20);
        assert!(h.undo());
        assert_eq!(*h.present(), 1);
        assert!(h.redo());
        assert_eq!(*h.present(), 20);
    }

    #[test]
    fn edits_undo_and_redo_in_order() {
        let mut h = History::new(1, 10);
        h.edit(2);
        h.edit(3);
        assert!(h.undo());
        assert_eq!(*h.present(), 2);
        assert!(h.undo());
        assert_eq!(*h.present(), 1);
        assert!(!h.undo());
        assert!(h.redo());
        assert_eq!(*h.present(), 2);
        h.edit(9);
        assert!(!h.can_redo(), "a new edit drops the redo steps");
    }

    #[test]
    fn a_drag_is_one_step() {
        let mut h = History::new(0, 10);
        assert!(!h.dragging());
        for v in 1..=50 {
            h.preview(v);
            assert!(h.dragging(), "a preview starts a drag");
        }
        h.commit();
        assert!(!h.dragging(), "a commit ends it");
        assert_eq!(*h.present(), 50);
        assert!(h.undo());
        assert_eq!(*h.present(), 0);
        // Undo in the middle of a drag ends it first.
        h.preview(7);
        assert!(h.undo());
        assert_eq!(*h.present(), 0);
        assert!(h.redo());
        assert_eq!(*h.present(), 7);
    }

    #[test]
    fn history_is_bounded_and_ignores_no_ops() {
        let mut h = History::new(0, 3);
        for v in 1..=10 {
            h.edit(v);
        }
        h.edit(10);
        let mut steps = 0;
        while h.undo() {
            steps += 1;
        }
        assert_eq!(steps, 3);
        assert_eq!(*h.present(), 7);
    }
}
