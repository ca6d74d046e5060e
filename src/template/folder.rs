//! A report kind read from a folder at run time.
//!
//! The folder is outside input, like an answers file: it may be broken or hostile. So each
//! file is read with a size bound ([`MAX_FILE_BYTES`]) through [`crate::read`] (a FIFO or a
//! device cannot hang the command), only regular files are read, and a file reached through
//! a symbolic link that leads out of the folder is refused: a template cannot make gongwen
//! read `/etc/passwd` into a report. The partials are `partials/*.hbs`, at most
//! [`MAX_PARTIALS`], each named by its file name. Then the same checks as for a built-in
//! kind run ([`super::Template::from_parts`]). Nothing is written.

use std::path::{Path, PathBuf};

use super::{Origin, Parts, Template};
use crate::read::{self, ReadError};

/// Largest file of a template folder (the built-in skeleton is 3 KB).
pub const MAX_FILE_BYTES: u64 = 128 * 1024;

/// Most partials in one folder.
pub const MAX_PARTIALS: usize = 64;

/// Reads the kind in `dir`. The error is one Chinese line per problem, each naming the
/// file (its path as given) and, where known, the line and column.
pub fn load_folder(dir: &Path, origin: Origin) -> Result<Template, String> {
    let shown = crate::diag::printable(&dir.display().to_string()).into_owned();
    let fail = |e: String| format!("模板文件夹「{shown}」：{e}");
    let root = dir.canonicalize().map_err(|e| fail(format!("无法打开：{}", crate::syserr::reason(&e))))?;
    if !root.is_dir() {
        return Err(fail("这不是一个文件夹".into()));
    }
    let manifest = read_text(&root, "template.json").map_err(fail)?;
    let questionnaire = read_text(&root, "questionnaire.json").map_err(fail)?;
    let skeleton = read_text(&root, "report.hbs").map_err(fail)?;
    let partials = read_partials(&root).map_err(fail)?;
    let parts = Parts { manifest: &manifest, questionnaire: &questionnaire, skeleton: &skeleton, partials: &partials };
    let mut template = Template::from_parts(&parts).map_err(|e| e.lines().map(|l| fail(l.to_owned())).collect::<Vec<_>>().join("\n"))?;
    template.origin = origin;
    Ok(template)
}

/// Reads `root/name` (name may be `partials/x.hbs`) as UTF-8 text of at most
/// [`MAX_FILE_BYTES`], refusing a link that leads out of `root`.
pub(super) fn read_text(root: &Path, name: &str) -> Result<String, String> {
    let path = root.join(name);
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(format!("缺少 {name}")),
        Err(e) => return Err(format!("{name} 无法读取：{}", crate::syserr::reason(&e))),
    };
    if !real.starts_with(root) {
        return Err(format!("{name} 是指向模板文件夹以外的链接，不能读取"));
    }
    if !real.is_file() {
        return Err(format!("{name} 不是普通文件"));
    }
    let bytes = read::read_to_limit(&real, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge { .. } => format!("{name} 超过 {} KB，不像是模板文件", MAX_FILE_BYTES / 1024),
        e => format!("{name} 无法读取：{e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        format!("{name} 第 {line} 行：不是 UTF-8 编码（模板文件请用 UTF-8 保存）")
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

/// The partials: every `partials/*.hbs`, sorted by name.
pub(super) fn read_partials(root: &Path) -> Result<Vec<(String, String, String)>, String> {
    let dir = root.join("partials");
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("partials 无法读取：{}", crate::syserr::reason(&e))),
    };
    let mut names: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("partials 无法读取：{}", crate::syserr::reason(&e)))?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "hbs") {
            names.push(path);
            if names.len() > MAX_PARTIALS {
                return Err(format!("partials 中的子模板超过 {MAX_PARTIALS} 个"));
            }
        }
    }
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let file = format!("partials/{}", crate::diag::printable(&path.file_name().unwrap_or_default().to_string_lossy()));
        if !is_partial_name(stem) {
            return Err(format!("{file}：子模板的名字只能由汉字、字母、数字、- 和 _ 组成"));
        }
        let text = read_text(root, &format!("partials/{stem}.hbs"))?;
        out.push((stem.to_owned(), file, text));
    }
    Ok(out)
}

/// A partial's name, as `{{> 名称}}` can write it: letters (any script), digits, `-`, `_`.
fn is_partial_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}
