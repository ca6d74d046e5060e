//! The registry of report names claimed in a batch, for conflict detection.
//!
//! Names are compared case-insensitively (Windows and macOS file systems are). A name is
//! claimed before its file is written; a second claim marks the name conflicted. Whoever
//! comes second removes a file already written; an owner still writing removes its own file
//! when it finishes. The registry grows with the number of reports (about 100 bytes each).

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug)]
struct Entry {
    index: usize,
    label: String,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Writing,
    Written,
    Conflicted,
}

/// The answer to a claim.
pub(crate) enum Claim {
    /// The name is ours to write.
    Mine,
    /// Another input has it. `written` is `Some(true)` when its file is on disk (remove it and
    /// correct its record), `Some(false)` when it is still being written (its owner will
    /// remove it; correct its record), `None` when the conflict was already reported.
    Taken { other_index: usize, other_label: String, written: Option<bool> },
}

#[derive(Debug, Default)]
pub(crate) struct Names {
    map: Mutex<HashMap<String, Entry>>,
}

fn key(name: &str) -> String {
    name.to_lowercase()
}

impl Names {
    pub(crate) fn claim(&self, name: &str, index: usize, label: &str) -> Claim {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        match map.get_mut(&key(name)) {
            None => {
                map.insert(key(name), Entry { index, label: label.to_string(), state: State::Writing });
                Claim::Mine
            }
            Some(e) => {
                let written = match e.state {
                    State::Written => Some(true),
                    State::Writing => Some(false),
                    State::Conflicted => None,
                };
                e.state = State::Conflicted;
                Claim::Taken { other_index: e.index, other_label: e.label.clone(), written }
            }
        }
    }

    /// Marks a name written; if it was found conflicted meanwhile, runs `remove` (under the
    /// lock, so no one else races on the file) and returns true.
    pub(crate) fn finish(&self, name: &str, ok: bool, remove: impl FnOnce()) -> bool {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let Some(e) = map.get_mut(&key(name)) else { return false };
        if e.state == State::Conflicted {
            if ok {
                remove();
            }
            return true;
        }
        if ok {
            e.state = State::Written;
        } else {
            map.remove(&key(name));
        }
        false
    }

    /// Gives a claimed name back (nothing was written).
    pub(crate) fn release(&self, name: &str) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.get(&key(name)).is_some_and(|e| e.state == State::Writing) {
            map.remove(&key(name));
        }
    }
}
