//! Every resource limit of gongwen, in one place.
//!
//! An answers file comes from outside; these bounds keep a malformed or hostile file from
//! taking unbounded memory, time or stack. Each stage that enforces a limit refers to the
//! constant here, so that raising one is a one-line change that every check follows.

/// Largest input file accepted, in bytes (16 MiB). A real answers file is a few KiB.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Longest wait, in seconds, for the first byte of a named FIFO, a terminal or a device given
/// as input (`crate::read`): a FIFO that no program writes to is refused, not waited for
/// forever. A pipe from the shell (`cmd | gongwen …`) is not timed.
pub const STREAM_WAIT_SECONDS: u64 = 10;

/// Deepest nesting of arrays and objects in the answers JSON. The questionnaire itself needs
/// 3 levels; the bound keeps parsing and dropping the value far from the stack's limits.
pub const MAX_JSON_DEPTH: usize = 32;

/// Longest text answer, in characters (not bytes).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Most items in one list answer (e.g. 主要做法).
pub const MAX_LIST_ITEMS: usize = 200;

/// Largest .docx that `check` and `dump` open (a real report is well under 1 MB).
pub const MAX_DOCX_BYTES: u64 = 64 * 1024 * 1024;

/// Most entries a .docx archive may have; Word's own files have a few dozen.
pub const MAX_DOCX_ENTRIES: usize = 2_000;

/// Most bytes all XML parts of a .docx may expand to, declared or actually inflated: a
/// zip bomb is refused before it is expanded.
pub const MAX_DOCX_EXPANDED_BYTES: u64 = 200 * 1024 * 1024;

/// Highest compression ratio allowed for a part over 1 MB (XML compresses about 10:1;
/// Deflate's ceiling is about 1032:1, which only crafted data reaches).
pub const MAX_DOCX_PART_RATIO: u64 = 200;

/// Deepest element nesting accepted in a .docx part (Word nests a few dozen at most).
pub const MAX_XML_DEPTH: usize = 256;

/// Most elements, attributes and text nodes all XML parts of a .docx may hold together (a
/// 4-page report of ours has about 1,000; Word, saving it again, adds a few times that): the
/// parsed tree, some 100 bytes a node, stays bounded however well the zip compresses.
pub const MAX_XML_NODES: usize = 500_000;

/// Most attributes on one XML element (Word's root elements carry about 40 namespace
/// declarations).
pub const MAX_XML_ATTRIBUTES: usize = 256;

/// Most paragraphs a .docx read by `check` and `dump` may have (a report has a few
/// hundred; 50,000 is over a thousand pages).
pub const MAX_DOCX_PARAGRAPHS: usize = 50_000;

/// Most page-footer references in a section (Word writes at most three: default, even,
/// first page).
pub const MAX_FOOTER_REFERENCES: usize = 32;

/// Longest report file name `output::file_name_for` makes, in characters, `.docx` included
/// (Windows Explorer and most archive tools cope well below 255).
pub const MAX_FILE_NAME_CHARS: usize = 120;

/// Longest output path accepted, in bytes: Linux refuses paths over 4096 bytes; a clear
/// message here beats the system's 「File name too long」.
pub const MAX_OUTPUT_PATH_BYTES: usize = 4000;

/// Most worker threads a batch starts, whatever `--jobs` asks (and never more than there
/// are inputs): rendering is bound by the processor, so more threads than cores gain
/// nothing, and each one costs a stack. `--jobs 18446744073709551615` used to start threads
/// until the system refused one, then panic.
pub const MAX_JOBS: usize = 64;

/// Most diagnostics of one file that are kept (of each severity) and listed (text, `--json`,
/// `--summary`); the rest are only counted (700,000 unknown keys printed 114 MB).
pub const MAX_DIAGNOSTICS: usize = 100;

/// `gongwen serve`: largest body of a JSON request (answers and a county defaults file
/// together), in bytes: two answers files at their own limit.
pub const MAX_SERVE_JSON_BYTES: usize = 2 * MAX_INPUT_BYTES;

/// `gongwen serve`: largest batch upload (a zip, or an array of answers files), in bytes.
pub const MAX_SERVE_UPLOAD_BYTES: usize = MAX_DOCX_BYTES as usize;

/// `gongwen serve`: most answers files in one batch upload (a county has a few dozen
/// townships; the zip limits are those `check` applies to a .docx).
pub const MAX_SERVE_BATCH_ENTRIES: usize = MAX_DOCX_ENTRIES;

/// `gongwen serve`: most bytes all entries of an uploaded zip may expand to, declared or
/// actually inflated (the same bound as a .docx's parts: a zip bomb is refused first).
pub const MAX_SERVE_EXPANDED_BYTES: u64 = MAX_DOCX_EXPANDED_BYTES;

/// `gongwen serve`: default longest time for one request, body upload included, in seconds
/// (`--request-timeout`); a render takes milliseconds, a 64 MB upload on a LAN a few seconds.
pub const SERVE_REQUEST_SECONDS: u64 = 30;

/// `gongwen serve`: most renders (validate, render, batch) run at once by default
/// (`--max-renders`; 0 = the number of cores); further requests wait their turn within the
/// request time. Rendering is bound by the processor, so more than the cores gain nothing.
pub const SERVE_MAX_RENDERS: usize = 0;


/// `gongwen serve`: most connections served at once; further ones wait in the system's
/// listen queue until one closes. A browser opens a handful.
pub const SERVE_MAX_CONNECTIONS: usize = 256;
