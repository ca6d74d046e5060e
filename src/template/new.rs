//! `gongwen template new DIR [--from NAME]`: a new kind, started as a copy of an existing one.
//!
//! The files of the kind (manifest, questionnaire, skeleton, partials, examples with their
//! outline snapshots) are written into a fresh folder beside DIR, which is then renamed to
//! DIR: an interrupted command leaves no half-written kind, and an existing DIR that is not
//! empty, or that is a link, is refused rather than written into. The copy gets an id of its
//! own, from DIR's name, in both `template.json` and `questionnaire.json` (and in examples'
//! `"$template"`); the files are otherwise byte for byte the original's, with its comments
//! and layout. The `.docx` hashes are not copied: they pin the original kind's output.

use std::path::Path;

use super::{Origin, Template};

/// The examples of the built-in kinds, embedded: (kind id, file name, text). The built-in
/// 发展党员 kind's examples are the fixtures (`gongwen test fixtures/` in CI), so one of them
/// is embedded here rather than copied into `templates/`.
const BUILTIN_EXAMPLES: &[(&str, &str, &str)] = &[
    ("fazhan-dangyuan", "examples/baiyun-zhen.json", include_str!("../../fixtures/baiyun-zhen.json")),
    ("fazhan-dangyuan", "examples/baiyun-zhen.expected.txt", include_str!("../../fixtures/baiyun-zhen.expected.txt")),
];

/// An id from a folder name: lower-case ASCII letters, digits and `-`; a name with none of
/// them (a Chinese one) gives `xin-moban`.
pub fn id_from_folder(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "xin-moban".to_owned()
    } else {
        id
    }
}

/// The files of `from` as (path inside the folder, text).
fn files_of(from: &Template) -> Result<Vec<(String, String)>, String> {
    match &from.origin {
        Origin::BuiltIn => {
            let s = super::BUILTIN.iter().find(|s| s.id == from.id()).ok_or("内置模板的文件不在程序中")?;
            let mut out = vec![
                ("template.json".to_owned(), s.manifest.to_owned()),
                ("questionnaire.json".to_owned(), s.questionnaire.to_owned()),
                (super::SKELETON.to_owned(), s.skeleton.to_owned()),
            ];
            out.extend(BUILTIN_EXAMPLES.iter().filter(|e| e.0 == s.id).map(|e| (e.1.to_owned(), e.2.to_owned())));
            Ok(out)
        }
        Origin::Path(dir) | Origin::Search(_, dir) => {
            let root = dir.canonicalize().map_err(|e| format!("无法打开模板文件夹：{}", crate::syserr::reason(&e)))?;
            let mut out = Vec::new();
            for name in ["template.json", "questionnaire.json", super::SKELETON] {
                out.push((name.to_owned(), super::folder::read_text(&root, name)?));
            }
            for (_, file, text) in super::folder::read_partials(&root)? {
                out.push((file, text));
            }
            if let Ok(entries) = std::fs::read_dir(root.join("examples")) {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .filter(|n| n.ends_with(".json") || n.ends_with(".expected.txt"))
                    .collect();
                names.sort();
                for n in names.into_iter().take(super::folder::MAX_PARTIALS) {
                    let name = format!("examples/{n}");
                    out.push((name.clone(), super::folder::read_text(&root, &name)?));
                }
            }
            Ok(out)
        }
    }
}

/// Replaces the first `"key": "old"` of `text` by `"key": "new"`.
fn set_first(text: &str, key: &str, old: &str, new: &str) -> String {
    let pattern = format!(r#"("{}"\s*:\s*"){}(")"#, regex::escape(key), regex::escape(old));
    let re = regex::Regex::new(&pattern).expect("valid pattern");
    re.replacen(text, 1, format!("${{1}}{}${{2}}", new.replace('$', "$$"))).into_owned()
}

/// Writes a copy of `from` into `dir` with the id `id`; returns the files written.
pub fn create(dir: &Path, from: &Template, id: &str) -> Result<Vec<String>, String> {
    refuse_existing(dir)?;
    let files: Vec<(String, String)> = files_of(from)?
        .into_iter()
        .map(|(name, text)| {
            let text = match name.as_str() {
                "template.json" | "questionnaire.json" => set_first(&text, "id", from.id(), id),
                n if n.ends_with(".json") => set_first(&text, "$template", from.id(), id),
                _ => text,
            };
            (name, text)
        })
        .collect();
    write_folder(dir, &files)
}

/// Refuses a `dir` that is a link, a file or a folder that is not empty.
fn refuse_existing(dir: &Path) -> Result<(), String> {
    let shown = crate::diag::printable(&dir.display().to_string()).into_owned();
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(format!("「{shown}」是一个链接，不会写入")),
        Ok(m) if !m.is_dir() => Err(format!("「{shown}」已存在，且不是文件夹")),
        Ok(_) => {
            let empty = std::fs::read_dir(dir).map_err(|e| format!("「{shown}」无法读取：{}", crate::syserr::reason(&e)))?.next().is_none();
            if empty {
                Ok(())
            } else {
                Err(format!("文件夹「{shown}」已存在且不是空的：请换一个名字，或先把它清空"))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("「{shown}」无法使用：{}", crate::syserr::reason(&e))),
    }
}

/// Writes `files` (path inside the folder, text) as the new folder `dir`: into a fresh
/// folder beside it, then renamed, so that no half-written kind is ever left. `dir` must
/// not exist or be an empty folder (else refused, nothing written).
pub fn write_folder(dir: &Path, files: &[(String, String)]) -> Result<Vec<String>, String> {
    refuse_existing(dir)?;
    let shown = crate::diag::printable(&dir.display().to_string()).into_owned();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let fail = |e: std::io::Error| format!("无法写入「{shown}」：{}", crate::syserr::reason(&e));
    std::fs::create_dir_all(&parent).map_err(fail)?;
    let temp = tempfile::Builder::new().prefix(".gongwen-new-").tempdir_in(&parent).map_err(fail)?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = temp.path().join(name);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(fail)?;
        }
        std::fs::write(&path, text).map_err(fail)?;
        written.push(name.clone());
    }
    // An empty DIR is replaced (rename does not replace a folder on every system).
    if dir.exists() {
        std::fs::remove_dir(dir).map_err(fail)?;
    }
    let kept = temp.keep();
    if let Err(e) = std::fs::rename(&kept, dir) {
        let _ = std::fs::remove_dir_all(&kept);
        return Err(fail(e));
    }
    Ok(written)
}
