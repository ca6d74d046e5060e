//! The registry of report names claimed in a batch, for conflict detection.
//!
//! Names are compared case-insensitively (Windows and macOS file systems are), character
//! by character through upper and then lower case, so that K (Kelvin sign) and K, Σ, σ and ς
//! are one name, as NTFS's case table has them. A name is claimed before its file is
//! written; a second claim marks the name conflicted. Whoever comes second removes a file
//! already written, under the name its owner wrote it (on Linux «ABC镇报告» and «abc镇报告»
//! are two files); an owner still writing removes its own file when it finishes. A report
//! that replaces one from an earlier run is written under a temporary name first (the claim
//! says so, `deferred`), so that a conflict removes only that and leaves the earlier report.
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
    /// Where the claiming input's label and file name are in [`Registry::labels`].
    label: (u32, u32),
    file: (u32, u32),
    /// Its report goes to a temporary name until the end of the run.
    deferred: bool,
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
    /// The name is ours to write; the key is what [`Names::finish`] takes.
    Mine(NameKey),
    /// Another input has it. `written` is `Some(true)` when its file is on disk (remove it and
    /// correct its record), `Some(false)` when it is still being written (its owner will
    /// remove it; correct its record), `None` when the conflict was already reported.
    /// `other_file` is the other input's own file name, `other_deferred` whether it went to
    /// a temporary name.
    Taken { other_index: usize, other_label: String, other_file: String, other_deferred: bool, written: Option<bool> },
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

/// The name, case-folded, hashed to 128 bits. Each character is upper-cased, then
/// lower-cased, on its own: `str::to_lowercase` makes Σ into ς at the end of a word and σ
/// elsewhere, and leaves ς, so «ΑΣ镇» and «ασ镇» came out different.
fn key(name: &str) -> u128 {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        for upper in c.to_uppercase() {
            folded.extend(upper.to_lowercase());
        }
    }
    let digest = Sha256::digest(folded.as_bytes());
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

    /// The claimant's file name; `fallback` (the name claimed the second time) when it was
    /// dropped past 4 GiB.
    fn file(&self, e: &Entry, fallback: &str) -> String {
        match self.labels.get(e.file.0 as usize..e.file.1 as usize) {
            Some(file) if !file.is_empty() => file.to_string(),
            _ => fallback.to_string(),
        }
    }
}

impl Names {
    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        super::lock(&self.registry)
    }

    /// Claims `name` for input `index`; `deferred`: its report goes to a temporary name
    /// first (a report of that name is on disk already).
    pub(crate) fn claim(&self, name: &str, index: usize, label: &str, deferred: bool) -> Claim {
        let key = key(name);
        let mut registry = self.lock();
        if let Some(&e) = registry.map.get(&key) {
            let written = match e.state {
                State::Written => Some(true),
                State::Writing => Some(false),
                State::Conflicted => None,
            };
            let other_label = registry.label(&e);
            let other_file = registry.file(&e, name);
            registry.map.insert(key, Entry { state: State::Conflicted, ..e });
            return Claim::Taken { other_index: e.index, other_label, other_file, other_deferred: e.deferred, written };
        }
        let label = registry.keep_label(label);
        let file = registry.keep_label(name);
        registry.map.insert(key, Entry { index, label, file, deferred, state: State::Writing });
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

    /// True when another input claimed `name` too (its reports are not kept).
    pub(crate) fn is_conflicted(&self, name: &str) -> bool {
        self.lock().map.get(&key(name)).is_some_and(|e| e.state == State::Conflicted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_of_a_name_in_any_case_is_a_conflict_naming_the_first() {
        let names = Names::default();
        let Claim::Mine(abc) = names.claim("Abc镇报告.docx", 0, "a.json", false) else { panic!("a new name is mine") };
        assert!(matches!(names.claim("其他.docx", 1, "b.json", false), Claim::Mine(_)));
        assert!(!names.finish(abc, true, || panic!("not conflicted")));
        match names.claim("ABC镇报告.DOCX", 2, "c.json", false) {
            Claim::Taken { other_index, other_label, other_file, written, .. } => {
                assert_eq!((other_index, other_label.as_str(), other_file.as_str(), written), (0, "a.json", "Abc镇报告.docx", Some(true)));
            }
            Claim::Mine(_) => panic!("the same name in other case must conflict"),
        }
        // A third input of the same name: the conflict was reported already.
        assert!(matches!(names.claim("abc镇报告.docx", 3, "d.json", false), Claim::Taken { written: None, .. }));
    }

    #[test]
    fn names_equal_in_any_case_fold_to_one() {
        for (a, b) in [("ABC镇", "abc镇"), ("\u{212A}镇", "K镇"), ("\u{212A}镇", "k镇"), ("ΑΣ镇", "ασ镇"), ("ΑΣ镇", "ας镇"), ("ασ镇", "ας镇"), ("Straße", "STRASSE"), ("ǅ", "ǆ")] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
        assert_ne!(key("青山镇"), key("青石镇"));
    }

    #[test]
    fn an_owner_still_writing_removes_its_own_file() {
        let names = Names::default();
        let Claim::Mine(x) = names.claim("x.docx", 0, "a.json", false) else { panic!("a new name is mine") };
        assert!(matches!(names.claim("x.docx", 1, "b.json", false), Claim::Taken { written: Some(false), .. }));
        let mut removed = false;
        assert!(names.finish(x, true, || removed = true));
        assert!(removed);
    }

    #[test]
    fn a_failed_name_can_be_claimed_again() {
        let names = Names::default();
        let Claim::Mine(y) = names.claim("y.docx", 1, "b.json", false) else { panic!("a new name is mine") };
        assert!(!names.finish(y, false, || {}));
        assert!(matches!(names.claim("y.docx", 2, "c.json", false), Claim::Mine(_)));
    }
}
