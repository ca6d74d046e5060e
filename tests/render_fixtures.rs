//! Renders every fixture through the library, reads the .docx back and checks what a reader
//! would see: the text outline against its snapshot, styles, numbering and determinism.
//!
//! Snapshots live beside the fixtures as `<name>.expected.txt` (the `gongwen dump` outline).
//! Run with `GONGWEN_BLESS=1` to rewrite them after an intended change, then review the diff.

use std::path::{Path, PathBuf};

use gongwen::inspect::{self, outline, Docx, Paragraph};
use gongwen::render::{render_bytes, Options};

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn render(path: &Path) -> (gongwen::render::Report, Docx) {
    let bytes = std::fs::read(path).unwrap();
    let report = render_bytes(&bytes, &path.display().to_string(), &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e:#?}", path.display()));
    let docx = inspect::read(&report.docx).expect("our own output reads back");
    (report, docx)
}

fn para<'a>(docx: &'a Docx, starts: &str) -> &'a Paragraph {
    docx.paragraphs.iter().find(|p| p.text.starts_with(starts)).unwrap_or_else(|| panic!("no paragraph starting with {starts}"))
}

#[test]
fn there_are_at_least_three_fixtures_one_of_them_gbk() {
    let all = fixtures();
    assert!(all.len() >= 3, "{all:?}");
    let gbk = all.iter().find(|p| p.to_string_lossy().contains(".gbk.")).expect("a GBK fixture");
    assert!(std::str::from_utf8(&std::fs::read(gbk).unwrap()).is_err(), "the GBK fixture really is not UTF-8");
}

#[test]
fn outlines_match_their_snapshots() {
    let bless = std::env::var_os("GONGWEN_BLESS").is_some();
    let mut mismatches = Vec::new();
    for path in fixtures() {
        let (_, docx) = render(&path);
        let got = outline::dump(&docx);
        let stem = path.file_name().unwrap().to_string_lossy().trim_end_matches(".json").to_string();
        let expected_path = path.with_file_name(format!("{stem}.expected.txt"));
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            mismatches.push(format!("{}:\n--- expected\n{expected}\n--- got\n{got}", expected_path.display()));
        }
    }
    assert!(mismatches.is_empty(), "outline snapshots differ (GONGWEN_BLESS=1 rewrites them):\n{}", mismatches.join("\n"));
}

#[test]
fn same_answers_give_the_same_bytes() {
    for path in fixtures() {
        let (a, _) = render(&path);
        let (b, _) = render(&path);
        assert!(a.docx == b.docx, "{} is not deterministic", path.display());
    }
}

#[test]
fn four_sections_in_order_with_heading_styles() {
    let (_, docx) = render(&fixture("baiyun-zhen.json"));
    let h1: Vec<&Paragraph> = docx.paragraphs.iter().filter(|p| p.outline_level == Some(0)).collect();
    let texts: Vec<&str> = h1.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["一、基本情况", "二、主要做法", "三、存在问题", "四、对策建议及下年工作计划"]);
    for h in h1 {
        assert_eq!(h.style_id.as_deref(), Some("Heading1"));
        assert_eq!(h.style_name.as_deref(), Some("heading 1"));
        assert!(h.east_asia_font.as_deref().unwrap().contains("黑体"));
        assert_eq!(h.size_pt, Some(16.0));
        assert!(!h.bold);
    }
    let h2: Vec<&str> = docx.paragraphs.iter().filter(|p| p.outline_level == Some(1)).map(|p| p.text.as_str()).collect();
    assert_eq!(h2, ["（一）对策建议", "（二）下年工作计划"]);
    assert!(para(&docx, "（一）对策建议").east_asia_font.as_deref().unwrap().contains("楷体"));
}

#[test]
fn body_title_date_and_signature_follow_gbt_9704() {
    let (report, docx) = render(&fixture("baiyun-zhen.json"));
    let title = &docx.paragraphs[0];
    assert_eq!(title.text, "白云镇发展党员工作三年自查报告");
    assert_eq!(title.jc.as_deref(), Some("center"));
    assert_eq!(title.size_pt, Some(22.0));
    assert!(title.east_asia_font.as_deref().unwrap().contains("小标宋"));
    assert_eq!(docx.title.as_deref(), Some("白云镇发展党员工作三年自查报告"));
    assert_eq!(report.document.meta.title, "白云镇发展党员工作三年自查报告");

    let recipient = para(&docx, "县委组织部");
    assert_eq!(recipient.text, "县委组织部：");
    assert_eq!(recipient.ind.first_line.unwrap_or(0), 0);

    let body = para(&docx, "根据");
    assert_eq!(body.east_asia_font.as_deref(), Some("仿宋_GB2312"));
    assert_eq!(body.size_pt, Some(16.0));
    assert_eq!(body.jc.as_deref(), Some("both"));
    assert_eq!(body.ind.first_line_chars, Some(200));
    assert_eq!(body.line, Some((579, "exact".to_string())));
    assert_eq!(body.char_spacing, Some(-5));

    let date = docx.paragraphs.iter().rev().find(|p| !p.text.is_empty()).unwrap();
    assert_eq!(date.text, "2026年11月20日");
    assert_eq!(date.jc.as_deref(), Some("right"));
    assert_eq!(date.ind.right_chars, Some(400));
    let roles = outline::classify(&docx.paragraphs);
    let sig = docx.paragraphs.iter().zip(&roles).find(|(_, r)| **r == outline::Role::Signature).unwrap().0;
    assert_eq!(sig.text, "中共白云镇委员会");

    let l = &docx.layout;
    assert_eq!((l.page_width, l.page_height), (Some(11906), Some(16838)));
    assert_eq!((l.margin_top, l.margin_bottom, l.margin_left, l.margin_right), (Some(2098), Some(1984), Some(1587), Some(1474)));
    assert_eq!((l.grid_type.as_deref(), l.line_pitch), (Some("lines"), Some(579)));
    assert!(l.even_and_odd_footers);
    let kinds: Vec<(&str, Option<&str>)> = l.footers.iter().map(|f| (f.kind.as_str(), f.jc.as_deref())).collect();
    assert!(kinds.contains(&("default", Some("right"))) && kinds.contains(&("even", Some("left"))), "{kinds:?}");
    assert!(l.footers.iter().all(|f| f.has_page_field && f.text.contains('—') && f.sizes_pt.iter().all(|s| *s == 14.0)));
}

#[test]
fn enumerations_restart_per_section_and_go_past_twelve() {
    let (_, docx) = render(&fixture("hexi-jiedao.json"));
    let mut section = 0;
    let mut seen = vec![Vec::new(); 8];
    for p in &docx.paragraphs {
        if p.outline_level.is_some() {
            section += 1;
            continue;
        }
        if let Some(m) = outline::ordinal_number().captures(&p.text) {
            seen[section].push(gongwen::numerals::parse_chinese_number(&m[1]).unwrap());
        }
    }
    for run in seen.iter().filter(|s| !s.is_empty()) {
        assert_eq!(*run, (1..=run.len() as u64).collect::<Vec<_>>(), "一是/二是 must be consecutive from 一是");
    }
    assert!(docx.paragraphs.iter().any(|p| p.text.starts_with("十三是")));
    assert!(docx.paragraphs.iter().any(|p| p.text.starts_with("十二是")));
    // Numbers the clerk typed are replaced, not doubled.
    let doubled = regex::Regex::new(r"^[一二三四五六七八九十]+是\s*(?:[一二三四五六七八九十]+是|\d+[.．、]|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、)").unwrap();
    for p in &docx.paragraphs {
        assert!(!doubled.is_match(&p.text), "doubled number: {}", p.text);
    }
}

#[test]
fn values_are_text_and_survive_exactly() {
    let (_, docx) = render(&fixture("hexi-jiedao.json"));
    let all: String = docx.paragraphs.iter().map(|p| p.text.as_str()).collect();
    for needle in ["{{乡镇名称}}", "<", "&", "“", "*", "#", "𠀾", "3.5%"] {
        assert!(all.contains(needle), "{needle} lost");
    }
}

#[test]
fn long_titles_break_into_balanced_lines() {
    let (_, docx) = render(&fixture("hexi-jiedao.json"));
    let title = &docx.paragraphs[0];
    let lines: Vec<&str> = title.text.split('\n').collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
    assert!(lines[0].chars().count() >= lines[lines.len() - 1].chars().count(), "longer line on top: {lines:?}");
    assert_eq!(lines.concat(), "中共河西街道工作委员会关于2022年至2026年发展党员工作情况的自查报告");
}

#[test]
fn placeholders_are_removed_with_warnings_naming_fields() {
    let (report, docx) = render(&fixture("qinghe-zhen-fanwen.json"));
    let all: String = docx.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert!(gongwen::passes::placeholders::find(&all).is_empty(), "placeholder left in output");
    let paths: Vec<&str> = report.warnings.iter().filter_map(|d| d.path.as_deref()).collect();
    assert!(paths.contains(&"基本情况.概述"), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("主要做法[")), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("存在问题.问题[")), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("对策建议[")), "{paths:?}");
    assert!(report.warnings.iter().all(|d| d.message.contains("已删除")));

    let bytes = std::fs::read(fixture("qinghe-zhen-fanwen.json")).unwrap();
    let strict = render_bytes(&bytes, "qinghe", &Options { strict: true, ..Options::default() });
    let errors = strict.expect_err("strict refuses placeholders");
    assert!(errors.len() >= 4 && errors.iter().all(|d| d.is_error()));
}

#[test]
fn a_newline_in_an_answer_starts_a_new_paragraph() {
    let (_, docx) = render(&fixture("baiyun-zhen.json"));
    let answers: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("baiyun-zhen.json")).unwrap()).unwrap();
    let overview = answers["基本情况"]["概述"].as_str().unwrap();
    let parts: Vec<&str> = overview.split('\n').collect();
    assert!(parts.len() >= 2);
    for part in parts {
        assert!(docx.paragraphs.iter().any(|p| p.text == part.trim()), "paragraph {part} not found on its own");
    }
}

#[test]
fn every_part_is_well_formed_and_properties_are_in_schema_order() {
    for path in fixtures() {
        let (report, _) = render(&path);
        let problems = inspect::soundness(&report.docx).unwrap();
        assert!(problems.is_empty(), "{}: {problems:?}", path.display());
    }
}
