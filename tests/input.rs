//! The input stages end to end: the bytes of an answers file → typed answers.

use gongwen::answers::{self, Answers};
use gongwen::model::Date;
use gongwen::template::helpers::untag;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("data/answers.json");

/// The values as the clerk typed them: every tagged text untagged.
fn plain(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(untag(s).into_owned()),
        Value::Array(items) => Value::Array(items.iter().map(plain).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), plain(v))).collect()),
        other => other.clone(),
    }
}

fn expected() -> Value {
    let item = |title: &str, content: &str| json!({"标题": title, "内容": content});
    json!({
        "乡镇名称": "青山镇",
        "党委名称": "中共青山镇委员会",
        "主送机关": "县委组织部",
        "成文日期": "2026年11月27日",
        "自查起始年份": 2024,
        "自查截止年份": 2026,
        "通知来源": "县委组织部《关于开展发展党员工作情况自查的通知》",
        "基本情况": {
            "概述": "自2024年以来，镇党委按照《中国共产党发展党员工作细则》规定的程序开展工作，发展党员总体稳定。\n目前全镇共有党员1263名，青年党员比例比三年前有所上升。",
            "村党组织数": 18,
            "专兼职组织员人数": 6,
            "分年度发展党员数": [
                {"年份": 2024, "人数": 12},
                {"年份": 2025, "人数": 15},
                {"年份": 2026, "人数": 14},
            ],
            "三年以上未发展党员村数": 3,
        },
        "主要做法": [
            item("明确责任分工", "镇党委书记负总责，组织委员抓具体落实，村党组织书记对本村发展党员工作负直接责任。"),
            item("严格程序把关", "发展对象须经政治审查和集中培训，公示无异议后方可提交镇党委审议。"),
            item("注重源头培养", "把返乡创业青年和退役军人纳入积极分子培养范围， 分村建立后备人才名册。"),
        ],
        "存在问题": {
            "引言": "对照上级部署，我镇还有以下几方面不足：",
            "问题": [
                "少数村党组织等靠思想较重，多年未发展新党员。",
                "积极分子培养方式不够多样，实践环节偏少。",
                "个别村发展材料填写不规范，存在漏签、日期前后矛盾的情况。",
            ],
        },
        "对策建议": [
            item("对薄弱村挂牌督办", "班子成员包村指导，逐村分析原因并限期拿出培养计划。"),
            item("创新培养方式", "组织积极分子参加志愿服务和岗位实践，在实际工作中考察表现。"),
            item("抓好业务培训", "每年为村党务工作者举办两期专题培训，统一材料模板和工作流程。"),
        ],
        "下年工作计划": [
            "计划发展党员15名，其中35岁以下不少于10名。",
            "年底前使三年以上未发展党员的村全部实现发展。",
        ],
    })
}

fn load(bytes: &[u8], file: &str) -> Result<(Answers, Vec<gongwen::diag::Diagnostic>), Vec<gongwen::diag::Diagnostic>> {
    answers::load(&gongwen::template::default_template(), bytes, file)
}

#[test]
fn fixture_loads_into_the_expected_answers() {
    let (answers, warnings) = load(FIXTURE.as_bytes(), "answers.json").unwrap();
    assert_eq!(warnings, vec![]);
    assert_eq!(plain(&answers.values), expected());
    assert_eq!(answers.date, Date { year: 2026, month: 11, day: 27 });
    // Each text carries its own path, list indices included.
    let third = answers.values["主要做法"][2]["内容"].as_str().unwrap();
    assert!(third.starts_with("\u{1}主要做法[2].内容\u{2}"), "{third:?}");
}

#[test]
fn fixture_loads_the_same_in_every_encoding() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(FIXTURE);
    assert!(!unmappable);
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(FIXTURE.as_bytes());
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for unit in FIXTURE.encode_utf16() {
        utf16le.extend_from_slice(&unit.to_le_bytes());
        utf16be.extend_from_slice(&unit.to_be_bytes());
    }
    for bytes in [gbk.into_owned(), utf8_bom, utf16le, utf16be] {
        let (answers, _) = load(&bytes, "answers.json").unwrap();
        assert_eq!(plain(&answers.values), expected());
    }
}

#[test]
fn every_diagnostic_names_the_file() {
    let broken = FIXTURE
        .replace("\"村党组织数\": 18", "\"村党组织数\": \"十八\"")
        .replace("\"乡镇名称\"", "\"乡镇明称\"");
    let diags = load(broken.as_bytes(), "青山镇.json").unwrap_err();
    assert_eq!(diags.len(), 3, "{diags:#?}");
    assert!(diags
        .iter()
        .all(|d| d.file.as_deref() == Some("青山镇.json")));
    let syntax = load("{\"乡镇名称\" \"青山镇\"}".as_bytes(), "a.json").unwrap_err();
    assert_eq!(syntax.len(), 1);
    assert_eq!(
        syntax[0].to_string().lines().next(),
        Some("错误：a.json：第 1 行第 9 列：字段名后面应有英文冒号「:」")
    );
    let empty = load(b"", "b.json").unwrap_err();
    assert_eq!(empty[0].file.as_deref(), Some("b.json"));
}
