//! `gongwen test FOLDER [--bless]`: renders every answers fixture (`*.json`) in the folder and
//! compares the outline with `<name>.expected.txt` and, when that file exists, the .docx
//! bytes' SHA-256 with `<name>.expected.sha256` (`<name>` is the file name without the final
//! `.json`). `--bless` rewrites the expected files instead. Exit 0 all match, 1 otherwise.

use std::path::{Path, PathBuf};

use gongwen::inspect::{self, outline};
use gongwen::render::{render_bytes, Options};
use sha2::{Digest, Sha256};
use similar::TextDiff;

use super::render::{io_problem, read_input};
use super::{print_diagnostics, shown, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE};
use gongwen::template::{Origin, Template};
use std::sync::Arc;
use gongwen::diag::printable;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 存放样例答案（*.json）和快照（*.expected.txt、*.expected.sha256）的文件夹；省略时用 --template 所给模板文件夹中的 examples
    #[arg(value_name = "文件夹")]
    pub folder: Option<PathBuf>,
    #[command(flatten)]
    pub kind: super::TemplateArg,
    /// 用当前输出重写快照（有意修改输出后使用，然后检查差异再提交）
    #[arg(long)]
    pub bless: bool,
}

pub fn run(args: Args) -> u8 {
    // A kind named by the flag is loaded once, not once per example.
    let chosen = match &args.kind.template {
        Some(_) => match args.kind.resolve(None) {
            Ok(t) => Some(t),
            Err(status) => return status,
        },
        None => None,
    };
    let folder = match (&args.folder, &chosen) {
        (Some(f), _) => f.clone(),
        (None, Some(t)) => match &t.origin {
            Origin::Path(dir) | Origin::Search(_, dir) => dir.join("examples"),
            Origin::BuiltIn => {
                err!("用法错误：内置模板「{}」没有 examples 文件夹，请给出样例所在的文件夹", t.id());
                return EXIT_USAGE;
            }
        },
        (None, None) => {
            err!("用法错误：请给出样例所在的文件夹，或用 --template 指定模板文件夹（使用其中的 examples）");
            return EXIT_USAGE;
        }
    };
    let args = Args { folder: Some(folder.clone()), ..args };
    let fixtures = match fixtures(&folder) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            err!("{}：文件夹里没有样例答案（*.json）", shown(&folder));
            return EXIT_PROBLEM;
        }
        Err(e) => {
            print_diagnostics(&[io_problem(&folder.display().to_string(), "无法读取样例文件夹", &e)]);
            return EXIT_PROBLEM;
        }
    };
    let (mut passed, mut failed) = (0, 0);
    for path in &fixtures {
        if run_one(path, args.bless, chosen.as_ref(), &args.kind) {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    if args.bless {
        out!("已重写 {passed} 个样例的快照{}", if failed > 0 { format!("，{failed} 个样例无法生成") } else { String::new() });
    } else {
        out!("样例快照：{passed} 个一致，{failed} 个不一致");
    }
    if failed == 0 {
        EXIT_OK
    } else {
        EXIT_PROBLEM
    }
}

fn fixtures(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    Ok(v)
}

/// Renders one fixture and compares (or blesses) its snapshots; true when all is well.
fn run_one(path: &Path, bless: bool, chosen: Option<&Arc<Template>>, kind: &super::TemplateArg) -> bool {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = file_name.strip_suffix(".json").unwrap_or(&file_name).to_string();
    let who = printable(&name).into_owned();
    let label = path.display().to_string();
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(d) => {
            print_diagnostics(&[d]);
            out!("失败 {who}：无法读取");
            return false;
        }
    };
    let template = match chosen {
        Some(t) => t.clone(),
        None => match kind.resolve_for(&bytes) {
            Ok(t) => t,
            Err(_) => {
                out!("失败 {who}：找不到它指定的模板");
                return false;
            }
        },
    };
    let report = match render_bytes(&bytes, &label, &Options { strict: false, template }) {
        Ok(r) => r,
        Err(diags) => {
            print_diagnostics(&diags);
            out!("失败 {who}：无法生成报告");
            return false;
        }
    };
    let outline = match inspect::read(&report.docx) {
        Ok(docx) => outline::dump(&docx),
        Err(e) => {
            out!("失败 {who}：生成的报告无法读回：{}", printable(&e.to_string()));
            return false;
        }
    };
    let sha = hex(&Sha256::digest(&report.docx));
    let txt_path = path.with_file_name(format!("{name}.expected.txt"));
    let sha_path = path.with_file_name(format!("{name}.expected.sha256"));

    if bless {
        let mut ok = write(&txt_path, &outline);
        if sha_path.exists() {
            ok &= write(&sha_path, &format!("{sha}\n"));
        }
        return ok;
    }

    let mut ok = true;
    match read_text(&txt_path) {
        Ok(expected) if expected == outline => {}
        Ok(expected) => {
            ok = false;
            out!("不一致 {who}：大纲与 {} 不同", shown(&txt_path));
            let expected_label = txt_path.display().to_string();
            let diff = TextDiff::from_lines(&expected, &outline);
            let diff = diff.unified_diff().context_radius(2).header(&expected_label, "实际输出").to_string();
            super::console::out_text(&printable(&diff));
        }
        Err(e) => {
            ok = false;
            out!("不一致 {who}：没有快照 {}（{e}）；用 --bless 生成后检查再提交", shown(&txt_path));
        }
    }
    if sha_path.exists() {
        match read_text(&sha_path) {
            Ok(expected) => {
                let want = expected.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                if want != sha {
                    ok = false;
                    out!("不一致 {who}：.docx 的 SHA-256 为 {sha}，{} 中为 {}", shown(&sha_path), printable(&want));
                }
            }
            Err(e) => {
                ok = false;
                out!("不一致 {who}：无法读取 {}（{e}）", shown(&sha_path));
            }
        }
    }
    if ok {
        out!("一致 {who}");
    }
    ok
}

fn write(path: &Path, text: &str) -> bool {
    match gongwen::output::write_atomic(path, text.as_bytes()) {
        Ok(()) => {
            out!("已写入 {}", shown(path));
            true
        }
        Err(e) => {
            print_diagnostics(&[io_problem(&path.display().to_string(), "无法写入快照", &e)]);
            false
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A snapshot or digest file, read like every input: bounded, and a FIFO or device in an
/// examples folder from elsewhere cannot hang or exhaust the command.
fn read_text(path: &Path) -> Result<String, gongwen::read::ReadError> {
    gongwen::read::read_text_to_limit(path, gongwen::limits::MAX_INPUT_BYTES as u64)
}
