//! Arbitrary text in every answer field of a valid file: the report is always written,
//! every part stays well-formed, and a value is never evaluated — what was typed into
//! 基本情况.概述 comes out as its own paragraphs, exactly (after the documented cleaning).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

#[derive(Debug, Arbitrary)]
struct Values {
    township: String,
    committee: String,
    recipient: String,
    notice: String,
    overview: String,
    practice_title: String,
    practice_content: String,
    problem: String,
    plan: String,
}

fn nonblank(s: &str, fallback: &str) -> String {
    if s.trim().is_empty() { fallback.to_string() } else { s.to_string() }
}

fuzz_target!(|v: Values| {
    let answers = json!({
        "乡镇名称": nonblank(&v.township, "青山镇"),
        "党委名称": nonblank(&v.committee, "中共青山镇委员会"),
        "主送机关": v.recipient,
        "成文日期": "2026-11-27",
        "自查起始年份": 2024,
        "自查截止年份": 2026,
        "通知来源": v.notice,
        "基本情况": {
            "概述": nonblank(&v.overview, "概述。"),
            "村党组织数": 3,
            "分年度发展党员数": [{"年份": 2025, "人数": 2}]
        },
        "主要做法": [{"标题": nonblank(&v.practice_title, "标题"), "内容": nonblank(&v.practice_content, "内容。")}],
        "存在问题": {"问题": [nonblank(&v.problem, "问题。")]},
        "对策建议": [{"标题": "对策", "内容": "内容。"}],
        "下年工作计划": [v.plan]
    });
    let bytes = serde_json::to_vec(&answers).unwrap();
    let Ok(report) = gongwen::render::render_bytes(&bytes, "fuzz.json", &Default::default()) else {
        // Only the documented limits may refuse a value (over-long text, or a title made
        // only of placeholders); everything else is text and must render.
        return;
    };
    let problems = gongwen::inspect::soundness(&report.docx).expect("our own output opens");
    assert!(problems.is_empty(), "{problems:?}");
    let docx = gongwen::inspect::read(&report.docx).expect("our own output reads");
    let (overview, _) = gongwen::answers::clean_text(&nonblank(&v.overview, "概述。"));
    for line in overview.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !gongwen::passes::placeholders::find(line).is_empty() {
            continue; // its clause is removed on purpose
        }
        assert!(docx.paragraphs.iter().any(|p| p.text == line), "概述 line {line:?} not found as typed");
    }
});
