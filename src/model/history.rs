//! Undo/redo by snapshots: before each change the previous state is kept.
//!
//! Plans are small (a roster and up to some thousands of hubs), so a full copy per
//! step is simpler and more robust than inverse operations, and a drag that moves a
//! hub over many frames is one step because the snapshot is taken once, when it starts.

/// Undo and redo stacks of snapshots of `T`.
#[derive(Clone, Debug)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
    limit: usize,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        Self::new(200)
    }
}

impl<T> History<T> {
    /// A history keeping at most `limit` undo steps.
    pub fn new(limit: usize) -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Records the state before a change; clears the redo stack.
    pub fn record(&mut self, before: T) {
        self.undo.push(before);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Steps back: returns the state to restore, taking `current` onto the redo stack.
    pub fn undo(&mut self, current: T) -> Result<T, T> {
        match self.undo.pop() {
            Some(prev) => {
                self.redo.push(current);
                Ok(prev)
            }
            None => Err(current),
        }
    }

    /// Steps forward again after an undo.
    pub fn redo(&mut self, current: T) -> Result<T, T> {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(current);
                Ok(next)
            }
            None => Err(current),
        }
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (e.g. after opening another plan).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_redo_sequence() {
        let mut h = History::new(10);
        let mut state = 1;
        h.record(state);
        state = 2;
        h.record(state);
        state = 3;
        state = h.undo(state).unwrap();
        assert_eq!(state, 2);
        state = h.undo(state).unwrap();
        assert_eq!(state, 1);
        assert_eq!(h.undo(state), Err(1));
        state = h.redo(state).unwrap();
        assert_eq!(state, 2);
        // A new change after undo drops the redo branch.
        h.record(state);
        state = 5;
        assert!(!h.can_redo());
        assert_eq!(h.redo(state), Err(5));
        assert_eq!(h.undo(state), Ok(2));
    }

    #[test]
    fn limit_drops_oldest() {
        let mut h = History::new(2);
        h.record(1);
        h.record(2);
        h.record(3);
        assert_eq!(h.undo(4), Ok(3));
        assert_eq!(h.undo(3), Ok(2));
        assert_eq!(h.undo(2), Err(2));
    }
}
