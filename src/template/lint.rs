//! `gongwen template lint`: what a kind's author should fix before handing the folder out.
//!
//! Loading ([`super::Template::from_parts`]) already refuses what cannot work: bad JSON,
//! unknown keys, Handlebars syntax, unknown names, `{{{ }}}`. Lint adds what loads but is
//! wrong for a report: a field nobody uses (the clerk fills it in for nothing), a number
//! typed into a heading (the numbering pass numbers headings, so it would read 「一、一、」),
//! a placeholder such as 「XX」 in the skeleton's own wording (every report would carry it),
//! the manifest's sections missing from the skeleton's level-1 headings or out of order, and
//! each example answers file that fails to validate, render, pass `check` or match its
//! outline snapshot. Every finding is collected; none stops the others.

use std::path::Path;
use std::sync::Arc;

use super::Template;
use crate::questionnaire::Field;

/// One thing lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file inside the folder (`report.hbs`, `examples/白云镇.json`).
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// A warning does not fail lint (exit 0).
    pub warning: bool,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", if self.warning { "警告" } else { "错误" }, self.file)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " 第 {l} 行第 {c} 列")?,
            (Some(l), None) => write!(f, " 第 {l} 行")?,
            _ => {}
        }
        write!(f, "：{}", self.message)
    }
}

fn finding(file: &str, line: Option<usize>, column: Option<usize>, message: String) -> Finding {
    Finding { file: file.to_owned(), line, column, message, warning: false }
}

/// Lints a loaded kind's own files (not its examples).
pub fn lint(template: &Template) -> Vec<Finding> {
    let mut out = Vec::new();
    let files: Vec<(&str, &str)> =
        std::iter::once((super::SKELETON, template.source())).chain(template.partials.iter().map(|(f, t)| (f.as_str(), t.as_str()))).collect();
    for (file, text) in &files {
        let text = without_comments(text);
        headings(file, &text, &mut out);
        wording(file, &text, &mut out);
    }
    sections(template, &without_comments(template.source()), &mut out);
    unused(template, &files, &mut out);
    out
}

/// The text with each comment (`{{!-- … --}}`, `{{! … }}`) blanked out, its line breaks
/// kept: the author's notes (the built-in skeleton's explain the numbering 「一、（一）」)
/// are not report text, and lines and columns after them stay where they are.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{!") {
        out.push_str(&rest[..start]);
        let close = if rest[start..].starts_with("{{!--") { "--}}" } else { "}}" };
        let end = rest[start + 3..].find(close).map_or(rest.len(), |e| start + 3 + e + close.len());
        out.extend(rest[start..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A heading line's body starting with a number the tool would add: 一、（一）1. (1) 一是.
fn headings(file: &str, text: &str, out: &mut Vec<Finding>) {
    static TYPED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let typed = TYPED.get_or_init(|| {
        regex::Regex::new(r"^\s*(?:[一二三四五六七八九十]+[、是．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、])").expect("valid pattern")
    });
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = ["@h1 ", "@h2 ", "@h3 ", "@h4 "].iter().find_map(|p| line.strip_prefix(p)) else { continue };
        if let Some(m) = typed.find(rest) {
            let column = line.chars().count() - rest.chars().count() + 1;
            out.push(finding(
                file,
                Some(i + 1),
                Some(column),
                format!("标题前手写了编号「{}」：编号由 gongwen 自动加上，请删去", m.as_str().trim()),
            ));
        }
    }
}

/// The skeleton's literal text (outside `{{ }}` and comments) with the placeholders render
/// looks for in answers: what is in the skeleton is in every report.
fn wording(file: &str, text: &str, out: &mut Vec<Finding>) {
    for (i, line) in text.lines().enumerate() {
        let literal = literal_text(line);
        for p in crate::passes::placeholders::find(&literal) {
            out.push(finding(file, Some(i + 1), None, format!("模板自己的文字中有占位符「{}」：每份报告都会带上它", p.text)));
        }
    }
}

/// A line with every `{{ … }}` replaced by a line break (so text on both sides is not joined
/// into one placeholder). A comment spanning lines is skipped by the caller's line split only
/// roughly; comments are dropped where they open and close on one line.
fn literal_text(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        out.push('\n');
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The manifest's sections, each the title of a level-1 heading of the skeleton outside any
/// `{{#…}}` block, in the manifest's order.
fn sections(template: &Template, text: &str, out: &mut Vec<Finding>) {
    let mut depth = 0usize;
    let mut found: Vec<(usize, usize)> = Vec::new(); // (section index, line)
    for (i, line) in text.lines().enumerate() {
        if let Some(title) = line.strip_prefix("@h1 ") {
            if depth == 0 {
                if let Some(s) = template.manifest.sections.iter().position(|s| s.matches(&literal_text(title))) {
                    found.push((s, i + 1));
                }
            }
        }
        depth += line.matches("{{#").count();
        depth = depth.saturating_sub(line.matches("{{/").count());
    }
    let mut last = None;
    for (s, section) in template.manifest.sections.iter().enumerate() {
        match found.iter().find(|(f, _)| *f == s) {
            None => out.push(finding(
                super::SKELETON,
                None,
                None,
                format!("template.json 的 sections 中的「{}」不是 report.hbs 的一级标题（@h1，且不在 {{{{#if}}}} 等块中）", section.title),
            )),
            Some(&(_, line)) => {
                if last.is_some_and(|l| l > line) {
                    out.push(finding(super::SKELETON, Some(line), None, format!("一级标题「{}」的位置与 template.json 的 sections 顺序不一致", section.title)));
                }
                last = Some(line);
            }
        }
    }
}

/// Fields no file of the kind names: the skeleton, partials, derived values, rules and the
/// manifest's document date. A name is used when its key appears in one of them as a word
/// of a `{{ }}` path or a rule's text; this is the text, not the parse, so a key that is
/// part of another key's name counts as used (a missed warning, never a false one).
fn unused(template: &Template, files: &[(&str, &str)], out: &mut Vec<Finding>) {
    let mut used = String::new();
    for (_, text) in files {
        used.push_str(text);
    }
    for d in &template.manifest.derived {
        used.push_str(&d.value);
        used.push_str(d.source.as_deref().unwrap_or(""));
    }
    used.push_str(&serde_json::to_string(&template.questionnaire.rules).unwrap_or_default());
    used.push_str(&template.manifest.document_date);
    let mut paths = Vec::new();
    collect(&template.questionnaire.fields, "", &mut paths);
    for (path, key) in paths {
        if !used.contains(key.as_str()) {
            out.push(Finding {
                file: "questionnaire.json".into(),
                line: None,
                column: None,
                message: format!("字段「{path}」没有被 report.hbs、derived 或 rules 使用：填了也不会出现在报告中"),
                warning: true,
            });
        }
    }
}

fn collect(fields: &[Field], prefix: &str, out: &mut Vec<(String, String)>) {
    for f in fields {
        let path = if prefix.is_empty() { f.key.clone() } else { format!("{prefix}.{}", f.key) };
        out.push((path.clone(), f.key.clone()));
        collect(&f.fields, &path, out);
        if let Some(item) = &f.items {
            collect(&item.fields, &format!("{path}[]"), out);
        }
    }
}

/// Runs each example (`examples/*.json` of `dir`): it must render (which validates it),
/// pass `check` with the kind's sections, and match `<name>.expected.txt` when present.
pub fn examples(template: &Arc<Template>, dir: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    // Only files inside the kind's folder: an `examples` link (or a file linked) out of it
    // is not read, as the loader reads nothing outside the folder.
    let (Ok(root), Ok(folder)) = (dir.canonicalize(), dir.join("examples").canonicalize()) else { return out };
    if !folder.starts_with(&root) {
        out.push(finding("examples", None, None, "是指向模板文件夹以外的链接，没有读取".into()));
        return out;
    }
    let Ok(entries) = std::fs::read_dir(&folder) else { return out };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file = format!("examples/{}", crate::diag::printable(&name));
        out.extend(example(template, &path, &file));
    }
    out
}

fn example(template: &Arc<Template>, path: &Path, file: &str) -> Vec<Finding> {
    let one = |m: String| vec![finding(file, None, None, m)];
    // Only a regular file inside the folder: an example is outside input like the rest.
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return one("不是普通文件（链接、文件夹或设备），没有读取".into()),
        Err(e) => return one(format!("无法读取：{}", crate::syserr::reason(&e))),
    }
    let bytes = match crate::read::read_to_limit(path, crate::limits::MAX_INPUT_BYTES as u64) {
        Ok(b) => b,
        Err(e) => return one(format!("无法读取：{e}")),
    };
    let options = crate::render::Options { strict: false, template: template.clone() };
    let report = match crate::render::render_bytes(&bytes, file, &options) {
        Ok(r) => r,
        Err(diags) => {
            return diags.iter().filter(|d| d.is_error()).map(|d| finding(file, None, None, format!("样例无法生成报告：{}", d.line_without_file()))).collect()
        }
    };
    let mut out: Vec<Finding> = report
        .warnings
        .iter()
        .map(|d| Finding { warning: true, ..finding(file, None, None, format!("样例生成时的警告：{}", d.line_without_file())) })
        .collect();
    match crate::check::check_bytes(&report.docx, &crate::check::CheckOptions::for_template(template)) {
        Ok(findings) => out.extend(findings.iter().map(|f| finding(file, None, None, format!("生成的报告未通过 check：{}", f.message)))),
        Err(e) => out.push(finding(file, None, None, format!("生成的报告无法读回：{e}"))),
    }
    let snapshot = path.with_file_name(format!("{}.expected.txt", path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()));
    if let Ok(expected) = crate::read::read_text_to_limit(&snapshot, crate::limits::MAX_INPUT_BYTES as u64) {
        let outline = crate::inspect::read(&report.docx).map(|d| crate::inspect::outline::dump(&d)).unwrap_or_default();
        if outline != expected {
            out.push(finding(file, None, None, "生成的大纲与 .expected.txt 快照不同（用 gongwen test --template 文件夹 查看差异）".into()));
        }
    }
    out
}

/// The problems of each file of the folder `dir` on its own, for a folder that does not
/// load: the loader stops at the first file at fault, lint shows every file's. Each line is
/// worded as the loader words it (so the caller can drop those it already printed).
pub fn file_problems(dir: &Path) -> Vec<String> {
    let shown = crate::diag::printable(&dir.display().to_string()).into_owned();
    let Ok(root) = dir.canonicalize() else { return Vec::new() };
    let mut out = Vec::new();
    let mut budget = super::source::MAX_EXPRESSIONS;
    let mut read = |name: &str| super::folder::read_text(&root, name).map_err(|e| out.push(format!("模板文件夹「{shown}」：{e}"))).ok();
    let questionnaire = read("questionnaire.json");
    let manifest = read("template.json");
    let skeleton = read(super::SKELETON);
    let mut problems = Vec::new();
    if let Some(q) = questionnaire {
        if let Err(e) = serde_json::from_str::<crate::questionnaire::Questionnaire>(&q) {
            problems.push(format!("questionnaire.json {}", super::source::json_problem(&e)));
        }
    }
    if let Some(m) = manifest {
        if let Err(e) = serde_json::from_str::<super::Manifest>(&m) {
            problems.push(format!("template.json {}", super::source::json_problem(&e)));
        }
    }
    if let Some(s) = skeleton {
        if let Err(e) = super::source::compile(super::SKELETON, &s, &mut budget) {
            problems.push(e);
        }
    }
    out.extend(problems.into_iter().map(|p| format!("模板文件夹「{shown}」：{p}")));
    out
}
