//! `gongwen format`: hand-typed reports (made by tests/format/make_reports.py) into GB/T 9704
//! reports — the text kept character for character but for the changes reported, what
//! cannot be carried listed, the result clean for `check`, the input never written over.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use gongwen::format::{self, Change, Format, Kind};
use gongwen::readers::raw::{RawBlock, RawDocument};

fn input(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/format").join(name)
}

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// The report's own sections, for `check`.
const SECTIONS: &str = "基本情况,主要做法,存在问题,下一步打算";

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The paragraphs as read with the reported changes applied (full-width marks first, then
/// the others, each at its offset, checking that the text there is what the change says).
fn expected_text(raw: &RawDocument, changes: &[Change]) -> String {
    let mut out = String::new();
    for block in &raw.blocks {
        let p = match block {
            RawBlock::Paragraph(p) => p,
            RawBlock::Table(t) => {
                out.extend(t.rows.iter().flatten().map(String::as_str));
                continue;
            }
        };
        let mut chars: Vec<char> = p.text.chars().collect();
        for full_width in [true, false] {
            let mut mine: Vec<&Change> = changes.iter().filter(|c| c.at == p.at && (c.kind == Kind::FullWidth) == full_width).collect();
            mine.sort_by_key(|c| std::cmp::Reverse(c.offset));
            for c in mine {
                let n = c.from.chars().count();
                let here: String = chars[c.offset..c.offset + n].iter().collect();
                assert_eq!(here, c.from, "{} offset {}: {c:?}", p.at, c.offset);
                chars.splice(c.offset..c.offset + n, c.to.chars());
            }
        }
        out.extend(chars);
    }
    no_space(&out)
}

/// Every paragraph of a .docx, joined.
fn docx_text(bytes: &[u8]) -> String {
    let docx = gongwen::inspect::read(bytes).unwrap();
    no_space(&docx.paragraphs.iter().map(|p| p.text.as_str()).collect::<String>())
}

fn formatted(name: &str) -> (RawDocument, format::Formatted) {
    let path = input(name);
    let raw = format::read(&std::fs::read(&path).unwrap(), Format::of(&path).unwrap()).unwrap();
    let done = format::format(raw.clone()).unwrap();
    (raw, done)
}

#[test]
fn the_text_is_kept_in_order_but_for_the_reported_changes() {
    for name in ["青石镇.docx", "青石镇-lo.docx", "白沙乡.txt"] {
        let (raw, done) = formatted(name);
        let expected = expected_text(&raw, &done.changes);
        assert_eq!(docx_text(&done.docx), expected, "{name}");
        // The changes are the ones a clerk should see, nothing else.
        let kinds: Vec<Kind> = done.changes.iter().map(|c| c.kind).collect();
        assert!(kinds.iter().all(|k| matches!(k, Kind::FullWidth | Kind::Numbering)), "{name}: {:?}", done.changes);
        let renumbered: Vec<(&str, &str)> = done.changes.iter().filter(|c| c.kind == Kind::Numbering).map(|c| (c.from.as_str(), c.to.as_str())).collect();
        assert_eq!(renumbered, [("四是", "三是")], "{name}");
    }
    // A dropped character would fail: the comparison is not blind.
    let (raw, mut done) = formatted("青石镇.docx");
    done.changes.retain(|c| c.kind != Kind::Numbering);
    assert_ne!(docx_text(&done.docx), expected_text(&raw, &done.changes));
}

#[test]
fn word_numbering_headings_punctuation_and_blank_lines_come_out_as_gb_t_9704() {
    let (_, done) = formatted("青石镇.docx");
    let printed: Vec<String> = done.document.blocks.iter().map(|b| b.printed_text()).collect();
    for want in [
        "一、基本情况",
        "二、主要做法",
        "（一）强化组织领导",
        "一是成立工作专班。镇党委书记任组长，分管领导具体抓。",
        "二是建立包片机制。班子成员每人联系一个村。",
        "三是实行月度通报。每月通报各村进展情况。",
        "（二）补齐设施短板",
        "新建公共厕所8座（其中水冲式6座），改造农户厕所320户。",
        "四、下一步打算",
        "县农业农村局：",
    ] {
        assert!(printed.iter().any(|p| p == want), "{want} not in {printed:#?}");
    }
    assert_eq!(done.blank.len(), 6);
    let warnings: Vec<&str> = done.warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(warnings, ["word/document.xml 第 14 段：批注「户数请与台账核对」没有保留", "word/document.xml 第 14 段：图片没有保留"]);

    // The written report: GB/T 9704 styles, and nothing for check to find.
    let docx = gongwen::inspect::read(&done.docx).unwrap();
    let heading = docx.paragraphs.iter().find(|p| p.text == "一、基本情况").unwrap();
    assert_eq!(heading.east_asia_font.as_deref(), Some("黑体"));
    let body = docx.paragraphs.iter().find(|p| p.text.starts_with("全镇共有")).unwrap();
    assert_eq!((body.east_asia_font.as_deref(), body.size_pt), (Some("仿宋_GB2312"), Some(16.0)));
    assert_eq!((docx.layout.page_width, docx.layout.page_height), (Some(11906), Some(16838)), "A4, not Word's Letter");
    let sections: Vec<gongwen::check::Section> = SECTIONS.split(',').map(gongwen::check::Section::from).collect();
    let findings = gongwen::check::check(&docx, &gongwen::check::CheckOptions { sections });
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_table_is_carried_as_a_table_under_its_caption() {
    let (raw, done) = formatted("青石镇-表格.docx");
    assert_eq!(docx_text(&done.docx), expected_text(&raw, &done.changes));
    // The table is carried as a table under its caption: header, body and total rows.
    let Some(gongwen::model::Block::Table(table)) = done.document.blocks.iter().find(|b| matches!(b, gongwen::model::Block::Table(_))) else { panic!("no table") };
    assert_eq!(table.caption.to_plain(), "表1 各村改厕情况");
    let row = |r: &Vec<gongwen::model::Text>| r.iter().map(|c| c.to_plain()).collect::<Vec<_>>();
    assert_eq!(row(&table.header[0]), ["村名", "改厕户数", "完成率"]);
    assert_eq!(table.rows.iter().map(row).collect::<Vec<_>>(), [["东山村", "120", "100%"], ["西岭村", "200", "90%"]]);
    assert_eq!(row(table.total.as_ref().unwrap()), ["合计", "320", "94%"]);

    let docx = gongwen::inspect::read(&done.docx).unwrap();
    assert_eq!(docx.paragraphs.iter().filter(|p| p.in_table).count(), 12, "twelve cells");
    let sections: Vec<gongwen::check::Section> = SECTIONS.split(',').map(gongwen::check::Section::from).collect();
    let findings = gongwen::check::check(&docx, &gongwen::check::CheckOptions { sections });
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn the_command_reports_writes_beside_the_input_and_never_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("报告.docx");
    std::fs::copy(input("青石镇.docx"), &src).unwrap();
    let original = std::fs::read(&src).unwrap();

    let out = gongwen().arg("format").arg(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("word/document.xml 第 12 段：编号「四是」改为「三是」"), "{stdout}");
    assert!(stdout.contains("半角标点「,」改为「，」") && stdout.contains("删去空段落 6 个"), "{stdout}");
    assert!(text(&out.stderr).contains("图片没有保留"), "{}", text(&out.stderr));
    let written = dir.path().join("报告-规范.docx");
    assert!(stdout.contains("已生成") && written.exists(), "{stdout}");
    assert_eq!(std::fs::read(&src).unwrap(), original);

    // -o naming the input itself is refused, the input untouched.
    let out = gongwen().arg("format").arg(&src).arg("-o").arg(dir.path().join(".").join("报告.docx")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("--in-place"), "{}", text(&out.stdout));
    assert_eq!(std::fs::read(&src).unwrap(), original);

    // --strict: the image and the comment are warnings, so nothing is written.
    let strict = dir.path().join("严格.docx");
    let out = gongwen().arg("format").arg(&src).arg("--strict").arg("-o").arg(&strict).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!strict.exists());

    // --in-place keeps the original as a backup, then a second run keeps both backups.
    let out = gongwen().arg("format").arg(&src).arg("--in-place").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(std::fs::read(dir.path().join("报告.docx.bak")).unwrap(), original);
    let replaced = std::fs::read(&src).unwrap();
    assert_eq!(replaced, std::fs::read(&written).unwrap(), "the same report as written beside it");
    gongwen().arg("format").arg(&src).arg("--in-place").assert().success();
    assert_eq!(std::fs::read(dir.path().join("报告.docx.bak")).unwrap(), original);
    assert_eq!(std::fs::read(dir.path().join("报告.docx.bak2")).unwrap(), replaced);
}

#[test]
fn a_folder_is_formatted_entry_by_entry_and_every_entry_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(input("青石镇.docx"), dir.path().join("a.docx")).unwrap();
    std::fs::copy(input("白沙乡.txt"), dir.path().join("b.txt")).unwrap();
    std::fs::write(dir.path().join("c.docx"), b"not a zip").unwrap();
    std::fs::write(dir.path().join("old-规范.docx"), b"ours").unwrap();
    std::fs::write(dir.path().join("~$a.docx"), b"lock").unwrap();
    std::fs::write(dir.path().join("notes.pdf"), b"other").unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = gongwen().arg("format").arg(dir.path()).arg("-o").arg(&out_dir).output().unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "an unreadable entry wins: {stdout}");
    assert!(stdout.contains("c.docx：无法读取：不是有效的 .docx 文件"), "{stdout}");
    assert!(stdout.contains("old-规范.docx：已跳过"), "{stdout}");
    assert!(stdout.contains("共 3 个文件"), "{stdout}");
    let mut written: Vec<String> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, ["a-规范.docx", "b-规范.docx"]);
    // Several inputs need a folder for -o.
    let out = gongwen().arg("format").arg(dir.path().join("a.docx")).arg(dir.path().join("b.txt")).arg("-o").arg(dir.path().join("x.docx")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
