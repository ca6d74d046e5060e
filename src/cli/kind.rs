//! `gongwen template lint NAME|DIR`, `gongwen template new DIR [--from NAME]` and
//! `gongwen template import 范文 -o DIR` (in [`super::import`]).
//!
//! lint: exit 0 clean (warnings allowed), 1 findings, 2 when the kind cannot be found or
//! loaded (its problems printed as the loader words them). new: exit 0 written, 2 refused.

use std::path::PathBuf;

use gongwen::template::{self, lint, FindError, Origin};

use super::{EXIT_OK, EXIT_PROBLEM, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// 检查一个报告模板：清单与问卷、未用的字段、标题中手写的编号、占位符、各部分顺序、样例
    Lint {
        /// 模板名称或模板文件夹
        #[arg(value_name = "模板")]
        template: String,
    },
    /// 以一个已有的模板为底稿，新建一个模板文件夹
    New {
        /// 新模板的文件夹（不存在，或是空文件夹）
        #[arg(value_name = "文件夹")]
        dir: PathBuf,
        /// 作为底稿的模板（名称或文件夹），默认为内置的 fazhan-dangyuan
        #[arg(long, value_name = "模板", default_value = template::DEFAULT_TEMPLATE)]
        from: String,
    },
    /// 把一份范文（.txt、.md 或 .docx）导入为报告模板：占位符变成字段，条目变成列表
    Import {
        /// 范文文件
        #[arg(value_name = "范文")]
        input: PathBuf,
        /// 写入的模板文件夹（不存在，或是空文件夹）
        #[arg(short = 'o', long = "output", value_name = "文件夹")]
        dir: PathBuf,
    },
}

pub fn run(args: Args) -> u8 {
    match args.action {
        Action::Lint { template } => run_lint(&template),
        Action::New { dir, from } => run_new(&dir, &from),
        Action::Import { input, dir } => super::import::run(&input, &dir),
    }
}

/// Finds a kind, printing why not (exit 2).
fn find(name: &str) -> Result<std::sync::Arc<template::Template>, u8> {
    template::find(name).map_err(|e| {
        match e {
            FindError::NotFound(m) => err!("用法错误：{m}"),
            FindError::Broken(m) => {
                for line in m.lines() {
                    err!("错误：{line}");
                }
                err!("模板无法载入：请先改正以上问题。");
            }
        }
        EXIT_USAGE
    })
}

pub fn run_lint(name: &str) -> u8 {
    let t = match template::find(name) {
        Ok(t) => t,
        Err(FindError::Broken(m)) => {
            // Every file's problems, not only the first file's that stopped the loader.
            let mut lines: Vec<String> = m.lines().map(str::to_owned).collect();
            if std::path::Path::new(name).is_dir() {
                for extra in lint::file_problems(std::path::Path::new(name)) {
                    if !lines.contains(&extra) {
                        lines.push(extra);
                    }
                }
            }
            for line in &lines {
                err!("错误：{line}");
            }
            err!("模板无法载入：请先改正以上问题。");
            return EXIT_USAGE;
        }
        Err(e) => {
            err!("用法错误：{e}");
            return EXIT_USAGE;
        }
    };
    let mut findings = lint::lint(&t);
    if let Origin::Path(dir) | Origin::Search(_, dir) = &t.origin {
        findings.extend(lint::examples(&t, dir));
    }
    for f in &findings {
        out!("{f}");
    }
    let errors = findings.iter().filter(|f| !f.warning).count();
    let warnings = findings.len() - errors;
    out!("模板「{}」（{}）：{errors} 个错误，{warnings} 个警告", t.id(), gongwen::diag::printable(t.name()));
    if errors == 0 {
        EXIT_OK
    } else {
        EXIT_PROBLEM
    }
}

fn run_new(dir: &std::path::Path, from: &str) -> u8 {
    let source = match find(from) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let folder_name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = template::new::id_from_folder(&folder_name);
    match template::new::create(dir, &source, &id) {
        Ok(files) => {
            for f in &files {
                out!("已写入 {}", gongwen::diag::printable(&dir.join(f).display().to_string()));
            }
            out!("新模板的 id 为「{id}」（template.json 与 questionnaire.json 中）。");
            if folder_name != id {
                out!("注意：按名称（--template {id}）查找时，文件夹名须与 id 相同；请把文件夹改名为「{id}」，或用 --template 给出文件夹路径。");
            }
            out!("请修改 template.json 中的 name 和 questionnaire.json 中的 title（现在仍是「{}」），然后运行 gongwen template lint {} 检查。", gongwen::diag::printable(source.name()), gongwen::diag::printable(&dir.display().to_string()));
            EXIT_OK
        }
        Err(why) => {
            err!("错误：{why}（没有写入任何文件）");
            EXIT_USAGE
        }
    }
}
