//! Closeness of two keys, for 「是否想写：…？」.

/// Edit distance between two strings, counted in characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Close enough to be a typo: at most one edit in three characters (and at least one).
pub(super) fn is_close(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count());
    edit_distance(a, b) <= (longest / 3).max(1)
}

/// The known key closest to an unknown one, when it is close enough to be a typo.
pub(super) fn closest<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .filter(|k| is_close(unknown, k))
        .min_by_key(|k| edit_distance(unknown, k))
}
