//! `gongwen check FILE.docx|FOLDER... [--json] [--sections 基本情况,主要做法,存在问题,对策建议]`
//!
//! Exit status: 0 no finding, 1 findings, 2 a file that cannot be read (not a .docx, broken
//! XML, over the size limits) — 2 wins when both happen.

use std::path::{Path, PathBuf};

use gongwen::check::{check, CheckOptions, Finding};
use gongwen::inspect::{self, Docx};
use gongwen::limits;
use gongwen::read::{self, ReadError};

use super::{EXIT_OK, EXIT_PROBLEM, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要检查的 .docx 文件，或文件夹（检查其中所有 .docx）
    #[arg(required = true, value_name = "文件或文件夹")]
    pub paths: Vec<PathBuf>,
    /// 以 JSON 输出检查结果
    #[arg(long)]
    pub json: bool,
    /// 应有的一级标题（按顺序，逗号分隔；给空值则不检查）
    #[arg(long, value_name = "部分", value_delimiter = ',', default_value = "基本情况,主要做法,存在问题,对策建议")]
    pub sections: Vec<String>,
}

#[cfg(test)]
#[test]
fn the_default_sections_are_the_standard_ones() {
    assert_eq!(CheckOptions::default().sections.join(","), "基本情况,主要做法,存在问题,对策建议");
}

/// The outcome for one file.
#[derive(Debug, serde::Serialize)]
struct FileResult {
    file: String,
    /// Why the file could not be read (exit 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    findings: Vec<Finding>,
}

pub fn run(args: Args) -> u8 {
    let opts = CheckOptions { sections: args.sections.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect() };
    let mut results = Vec::new();
    for path in &args.paths {
        match expand(path) {
            Ok(files) => results.extend(files.iter().map(|f| check_file(f, &opts))),
            Err(why) => results.push(FileResult { file: path.display().to_string(), error: Some(why), findings: Vec::new() }),
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results).expect("findings serialize"));
    } else {
        print_human(&results);
    }
    if results.iter().any(|r| r.error.is_some()) {
        EXIT_UNREADABLE
    } else if results.iter().any(|r| !r.findings.is_empty()) {
        EXIT_PROBLEM
    } else {
        EXIT_OK
    }
}

/// A file stays itself; a folder becomes its .docx files (not Word's `~$` lock files), sorted.
fn expand(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("无法读取文件夹：{e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("docx")))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("文件夹里没有 .docx 文件".into());
    }
    Ok(files)
}

fn check_file(path: &Path, opts: &CheckOptions) -> FileResult {
    let file = path.display().to_string();
    match read_docx(path) {
        Ok(docx) => FileResult { file, error: None, findings: check(&docx, opts) },
        Err(why) => FileResult { file, error: Some(why), findings: Vec::new() },
    }
}

/// Reads and parses a .docx of at most [`limits::MAX_DOCX_BYTES`], whatever the path is
/// (see [`gongwen::read`]: a regular file over the limit is refused unread, a device or pipe
/// as soon as it gives more).
pub fn read_docx(path: &Path) -> Result<Docx, String> {
    let bytes = read::read_to_limit(path, limits::MAX_DOCX_BYTES).map_err(|e| match e {
        ReadError::TooLarge { len: Some(len), .. } => inspect::ReadError::TooLarge(len).to_string(),
        e => e.to_string(),
    })?;
    inspect::read(&bytes).map_err(|e| e.to_string())
}

fn print_human(results: &[FileResult]) {
    let (mut clean, mut flagged, mut unreadable) = (0, 0, 0);
    for r in results {
        if let Some(why) = &r.error {
            unreadable += 1;
            println!("{}：无法读取：{why}", r.file);
            continue;
        }
        if r.findings.is_empty() {
            clean += 1;
            println!("{}：没有发现问题", r.file);
            continue;
        }
        flagged += 1;
        println!("{}：发现 {} 处问题", r.file, r.findings.len());
        for f in &r.findings {
            let place = match (f.paragraph, &f.text) {
                (Some(i), Some(t)) => format!("\n      第 {} 段「{t}」", i + 1),
                (None, Some(t)) => format!("\n      「{t}」"),
                _ => String::new(),
            };
            println!("  [{}] {}{place}", f.code, f.message);
        }
    }
    if results.len() > 1 {
        println!("共检查 {} 个文件：{clean} 个没有问题，{flagged} 个有问题，{unreadable} 个无法读取", results.len());
    }
}
