//! Every resource limit of gongwen, in one place.
//!
//! An answers file comes from outside; these bounds keep a malformed or hostile file from
//! taking unbounded memory, time or stack. Each stage that enforces a limit refers to the
//! constant here, so that raising one is a one-line change that every check follows.

/// Largest input file accepted, in bytes (16 MiB). A real answers file is a few KiB.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting of arrays and objects in the answers JSON. The questionnaire itself needs
/// 3 levels; the bound keeps parsing and dropping the value far from the stack's limits.
pub const MAX_JSON_DEPTH: usize = 32;

/// Longest text answer, in characters (not bytes).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Most items in one list answer (e.g. 主要做法).
pub const MAX_LIST_ITEMS: usize = 200;
