//! The registry of report names claimed in a batch, for conflict detection.
//!
//! Names are compared case-insensitively (Windows and macOS file systems are). A name is
//! claimed before its file is written; a second claim marks the name conflicted. Whoever
//! comes second removes a file already written; an owner still writing removes its own file
//! when it finishes.
//!
//! The registry is the one thing in a batch that grows with the number of reports, so it
//! is kept small: a name is held as 128 bits of its SHA-256 (a chance collision among even
//! a million names is below 10⁻²⁶, and no one can make one on purpose), and the inputs'
//! labels, needed only to name the other input of a conflict, sit end to end in one string.
//! About 70 bytes an input, where names and labels as separate strings took about 250.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy)]
struct Entry {
    index: usize,
    /// Where the claiming input's label is in [`Registry::labels`].
    label: (u32, u32),
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
    /// The name is ours to write; the key is what [`Names::finish`] and [`Names::release`] take.
    Mine(NameKey),
    /// Another input has it. `written` is `Some(true)` when its file is on disk (remove it and
    /// correct its record), `Some(false)` when it is still being written (its owner will
    /// remove it; correct its record), `None` when the conflict was already reported.
    Taken { other_index: usize, other_label: String, written: Option<bool> },
}

#[derive(Debug, Default)]
pub(crate) struct Names {
    registry: Mutex<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    map: HashMap<u128, Entry>,
    /// Every claiming input's label, end to end.
    labels: String,
}

/// A claimed name as the registry holds it (computed once a claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameKey(u128);

/// The name, lower-cased, hashed to 128 bits.
fn key(name: &str) -> u128 {
    let digest = Sha256::digest(name.to_lowercase().as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(first)
}

impl Registry {
    /// Keeps a label; past 4 GiB of labels (tens of millions of inputs) it is dropped and the
    /// conflict message names the input by its position instead.
    fn keep_label(&mut self, label: &str) -> (u32, u32) {
        match (u32::try_from(self.labels.len()), u32::try_from(self.labels.len() + label.len())) {
            (Ok(start), Ok(end)) => {
                self.labels.push_str(label);
                (start, end)
            }
            _ => (0, 0),
        }
    }

    fn label(&self, e: &Entry) -> String {
        match self.labels.get(e.label.0 as usize..e.label.1 as usize) {
            Some(label) if !label.is_empty() => label.to_string(),
            _ => format!("第 {} 个输入", e.index + 1),
        }
    }
}

impl Names {
    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        super::lock(&self.registry)
    }

    pub(crate) fn claim(&self, name: &str, index: usize, label: &str) -> Claim {
        let key = key(name);
        let mut registry = self.lock();
        if let Some(&e) = registry.map.get(&key) {
            let written = match e.state {
                State::Written => Some(true),
                State::Writing => Some(false),
                State::Conflicted => None,
            };
            let other_label = registry.label(&e);
            registry.map.insert(key, Entry { state: State::Conflicted, ..e });
            return Claim::Taken { other_index: e.index, other_label, written };
        }
        let label = registry.keep_label(label);
        registry.map.insert(key, Entry { index, label, state: State::Writing });
        Claim::Mine(NameKey(key))
    }

    /// Marks a name written; if it was found conflicted meanwhile, runs `remove` (under the
    /// lock, so no one else races on the file) and returns true.
    pub(crate) fn finish(&self, NameKey(key): NameKey, ok: bool, remove: impl FnOnce()) -> bool {
        let mut registry = self.lock();
        let Some(e) = registry.map.get_mut(&key) else { return false };
        if e.state == State::Conflicted {
            if ok {
                remove();
            }
            return true;
        }
        if ok {
            e.state = State::Written;
        } else {
            registry.map.remove(&key);
        }
        false
    }

    /// Gives a claimed name back (nothing was written).
    pub(crate) fn release(&self, NameKey(key): NameKey) {
        let mut registry = self.lock();
        if registry.map.get(&key).is_some_and(|e| e.state == State::Writing) {
            registry.map.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_of_a_name_in_any_case_is_a_conflict_naming_the_first() {
        let names = Names::default();
        let Claim::Mine(abc) = names.claim("Abc镇报告.docx", 0, "a.json") else { panic!("a new name is mine") };
        assert!(matches!(names.claim("其他.docx", 1, "b.json"), Claim::Mine(_)));
        assert!(!names.finish(abc, true, || panic!("not conflicted")));
        match names.claim("ABC镇报告.DOCX", 2, "c.json") {
            Claim::Taken { other_index, other_label, written } => {
                assert_eq!((other_index, other_label.as_str(), written), (0, "a.json", Some(true)));
            }
            Claim::Mine(_) => panic!("the same name in other case must conflict"),
        }
        // A third input of the same name: the conflict was reported already.
        assert!(matches!(names.claim("abc镇报告.docx", 3, "d.json"), Claim::Taken { written: None, .. }));
    }

    #[test]
    fn an_owner_still_writing_removes_its_own_file() {
        let names = Names::default();
        let Claim::Mine(x) = names.claim("x.docx", 0, "a.json") else { panic!("a new name is mine") };
        assert!(matches!(names.claim("x.docx", 1, "b.json"), Claim::Taken { written: Some(false), .. }));
        let mut removed = false;
        assert!(names.finish(x, true, || removed = true));
        assert!(removed);
    }

    #[test]
    fn a_released_or_failed_name_can_be_claimed_again() {
        let names = Names::default();
        let Claim::Mine(y) = names.claim("y.docx", 0, "a.json") else { panic!("a new name is mine") };
        names.release(y);
        let Claim::Mine(y) = names.claim("y.docx", 1, "b.json") else { panic!("a released name is free") };
        assert!(!names.finish(y, false, || {}));
        assert!(matches!(names.claim("y.docx", 2, "c.json"), Claim::Mine(_)));
    }
}
