//! Diagnostics: what is wrong, where, and how bad — collected, never returned one at a time.
//!
//! Every stage that can find a problem in the user's input pushes [`Diagnostic`]s into a
//! list and keeps going, so that a clerk sees all problems of a file at once (typst's
//! `SourceResult`, ripgrep's "remember and continue"). Messages are Chinese: the people who
//! read them are township clerks. The library never prints; the CLI renders these.

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
        }
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

/// `错误：answers.json：第 3 行第 5 列：字段 乡镇名称：……`
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：", self.severity.label())?;
        if let Some(file) = &self.file {
            write!(f, "{file}：")?;
        }
        if let (Some(line), Some(col)) = (self.line, self.column) {
            write!(f, "第 {line} 行第 {col} 列：")?;
        }
        if let Some(path) = &self.path {
            write!(f, "字段「{path}」：")?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(snippet), Some(col)) = (&self.snippet, self.column) {
            let pad: String = snippet
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else if is_wide(c) { '　' } else { ' ' })
                .collect();
            write!(f, "\n    {snippet}\n    {pad}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    提示：{hint}")?;
        }
        Ok(())
    }
}

/// East Asian wide characters take two terminal columns; a full-width space keeps the caret
/// under the right character.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// True when any diagnostic is an error.
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
}
