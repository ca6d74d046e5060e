//! Diagnostics: what is wrong, where, and how bad — collected, never returned one at a time.
//!
//! Every stage that can find a problem in the user's input pushes [`Diagnostic`]s into a
//! list and keeps going, so that a clerk sees all problems of a file at once (typst's
//! `SourceResult`, ripgrep's "remember and continue"). Messages are Chinese: the people who
//! read them are township clerks. The library never prints; the CLI renders these.
//!
//! Two bounds keep a hostile file from turning into a flood: a stage keeps at most
//! [`MAX_KEPT`] diagnostics of each severity and only counts the rest ([`push_capped`]), and
//! a printer lists at most [`MAX_LISTED`] and a count of the rest ([`listed`]). The text a
//! user typed is shown with its control characters escaped ([`printable`]), so that a key or
//! a .docx paragraph cannot drive the terminal.

use std::borrow::Cow;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Output can still be made (e.g. a placeholder clause was removed).
    Warning,
    /// Nothing is written.
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// One finding about the user's input or the produced report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The input file, as the user named it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The answer field, e.g. `基本情况.分年度发展党员数[1].年份`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line in the input file (syntax errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, counted in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// Set on an entry that stands for this many diagnostics that are not listed (see
    /// [`push_capped`] and [`listed`]); its message says so in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omitted: Option<usize>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message)
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: None,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            snippet: None,
            omitted: None,
        }
    }

    /// An entry standing for `count` diagnostics that are not listed: 「……另有 699,900 条
    /// 警告未列出」.
    pub fn omitted(severity: Severity, count: usize) -> Diagnostic {
        let d = Diagnostic::new(severity, format!("……另有 {} 条{}未列出", grouped(count), severity.label()));
        Diagnostic { omitted: Some(count), ..d }
    }

    /// How many diagnostics this entry counts for: 1, or the number it stands for.
    pub fn weight(&self) -> usize {
        self.omitted.unwrap_or(1)
    }

    pub fn at(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn at_line(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_snippet(mut self, snippet: impl Into<String>) -> Diagnostic {
        self.snippet = Some(snippet.into());
        self
    }

    /// The first line of the message, without the file name: for a row that already names
    /// its input (batch summaries).
    pub fn line_without_file(&self) -> String {
        let d = Diagnostic { file: None, ..self.clone() };
        d.to_string().lines().next().unwrap_or("").to_string()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `错误：answers.json：第 3 行第 5 列：字段 乡镇名称：……`, every part that can hold the
/// user's text passed through [`printable`].
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：", self.severity.label())?;
        if let Some(file) = &self.file {
            write!(f, "{}：", printable(file))?;
        }
        if let (Some(line), Some(col)) = (self.line, self.column) {
            write!(f, "第 {line} 行第 {col} 列：")?;
        }
        if let Some(path) = &self.path {
            write!(f, "字段「{}」：", printable(path))?;
        }
        write!(f, "{}", printable(&self.message))?;
        if let (Some(snippet), Some(col)) = (&self.snippet, self.column) {
            let before: String = snippet.chars().take(col.saturating_sub(1)).collect();
            let pad: String = printable(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else if is_wide(c) { '　' } else { ' ' })
                .collect();
            write!(f, "\n    {}\n    {pad}^", printable(snippet))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    提示：{}", printable(hint))?;
        }
        Ok(())
    }
}

/// Text for a terminal: control characters (C0 but tab and line feed, DEL, C1) and the
/// characters that reorder a line (bidi embeddings, overrides and isolates, the Unicode
/// line and paragraph separators) are shown escaped, e.g. `\u{1b}`. A .docx paragraph, an
/// answers key or a file name holding ESC could otherwise clear the screen, retitle the
/// window or hide text. Every printer of the command goes through this; JSON output does
/// not need it (serde_json escapes control characters itself).
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// A count with thousands separators, as in 「699,900」.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A stage keeps at most this many diagnostics of each severity; the rest are counted
/// (a file with 700,000 unknown keys must not become 700,000 messages in memory).
pub const MAX_KEPT: usize = crate::limits::MAX_DIAGNOSTICS;

/// A printer (text, `--json`, `--summary`) lists at most this many diagnostics of one file.
pub const MAX_LISTED: usize = crate::limits::MAX_DIAGNOSTICS;

/// Pushes `d`, or, once `out` holds [`MAX_KEPT`] of its severity, counts it in that
/// severity's [`Diagnostic::omitted`] entry. Filled only through this function, `out` stays
/// at a few hundred entries however many are pushed.
pub fn push_capped(out: &mut Vec<Diagnostic>, d: Diagnostic) {
    if let Some(marker) = out.iter_mut().rev().find(|x| x.severity == d.severity && x.omitted.is_some()) {
        *marker = Diagnostic::omitted(d.severity, marker.weight() + d.weight());
        return;
    }
    let kept = out.iter().filter(|x| x.severity == d.severity).count();
    if kept < MAX_KEPT && d.omitted.is_none() {
        out.push(d);
    } else {
        out.push(Diagnostic::omitted(d.severity, d.weight()));
    }
}

/// How many errors and warnings a list counts for (an [`Diagnostic::omitted`] entry counts
/// as the number it stands for).
pub fn tally(diags: &[Diagnostic]) -> (usize, usize) {
    diags.iter().fold((0, 0), |(e, w), d| if d.is_error() { (e + d.weight(), w) } else { (e, w + d.weight()) })
}

/// What a printer lists: all of `diags` when they are at most [`MAX_LISTED`]; otherwise
/// the first ones (errors before warnings, so that what stops a report is always shown)
/// and, for each severity with more, one entry 「……另有 N 条警告未列出」 counting the rest.
pub fn listed(diags: &[Diagnostic]) -> Cow<'_, [Diagnostic]> {
    if diags.len() <= MAX_LISTED {
        return Cow::Borrowed(diags);
    }
    let ordered = diags.iter().filter(|d| d.is_error()).chain(diags.iter().filter(|d| !d.is_error()));
    let mut out: Vec<Diagnostic> = Vec::with_capacity(MAX_LISTED + 2);
    let (mut errors, mut warnings) = (0, 0);
    for d in ordered {
        if out.len() < MAX_LISTED {
            out.push(d.clone());
        } else if d.is_error() {
            errors += d.weight();
        } else {
            warnings += d.weight();
        }
    }
    for (severity, count) in [(Severity::Error, errors), (Severity::Warning, warnings)] {
        if count > 0 {
            out.push(Diagnostic::omitted(severity, count));
        }
    }
    Cow::Owned(out)
}

/// East Asian wide characters take two terminal columns; a full-width space keeps the caret
/// under the right character.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// True when any diagnostic is an error (an omitted-count entry of errors included).
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_path_and_hint() {
        let d = Diagnostic::error("应为整数")
            .in_file("a.json")
            .at("基本情况.村党组织数")
            .with_hint("例如 18");
        assert_eq!(d.to_string(), "错误：a.json：字段「基本情况.村党组织数」：应为整数\n    提示：例如 18");
        let d = Diagnostic::error("缺少逗号").at_line(3, 4).with_snippet("  \"甲\": 1");
        assert_eq!(d.to_string(), "错误：第 3 行第 4 列：缺少逗号\n      \"甲\": 1\n       ^");
    }

    #[test]
    fn control_characters_in_the_users_text_are_shown_escaped() {
        let d = Diagnostic::warning("不认识的字段「a\u{1b}[2J」").in_file("x\u{7}.json").at("k\u{1b}]0;t\u{7}").with_hint("\u{9b}31m\u{202e}");
        let shown = d.to_string();
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        assert_eq!(shown, "警告：x\\u{7}.json：字段「k\\u{1b}]0;t\\u{7}」：不认识的字段「a\\u{1b}[2J」\n    提示：\\u{9b}31m\\u{202e}");
        assert_eq!(printable("甲\t乙\n丙"), "甲\t乙\n丙");
        // The caret stays under the character after an escaped one.
        let d = Diagnostic::error("x").at_line(1, 3).with_snippet("\u{1b}a:");
        assert_eq!(d.to_string(), "错误：第 1 行第 3 列：x\n    \\u{1b}a:\n           ^");
    }

    #[test]
    fn a_stage_keeps_a_bounded_number_and_counts_the_rest() {
        let mut out = Vec::new();
        for i in 0..700_000 {
            push_capped(&mut out, Diagnostic::warning(format!("w{i}")));
            if i % 1000 == 0 {
                push_capped(&mut out, Diagnostic::error(format!("e{i}")));
            }
        }
        assert!(out.len() <= 2 * MAX_KEPT + 2, "{}", out.len());
        assert_eq!(tally(&out), (700, 700_000));
        assert!(has_errors(&out));
        let shown = listed(&out);
        assert_eq!(shown.len(), MAX_LISTED + 2);
        assert!(shown[..MAX_LISTED].iter().all(Diagnostic::is_error), "errors are listed first");
        assert_eq!(tally(&shown), (700, 700_000));
        assert_eq!(shown[MAX_LISTED].message, "……另有 600 条错误未列出");
        assert_eq!(shown[MAX_LISTED + 1].to_string(), "警告：……另有 700,000 条警告未列出");
        assert_eq!(grouped(699_900), "699,900");
        assert_eq!(grouped(100), "100");
    }
}
