//! Report kinds as data: the built-in kind read through the generic walk.

use gongwen::render::{render_bytes, Options};
use gongwen::template;
use serde_json::{json, Value};

fn example() -> Value {
    template::default_template().questionnaire.example_answers()
}

fn paths(diags: &[gongwen::diag::Diagnostic]) -> Vec<String> {
    diags.iter().filter_map(|d| d.path.clone()).collect()
}

/// A blank item before a value with a placeholder: render and validate name the same item,
/// the one the clerk sees in the file ([1]); render used to count only the kept items ([0]).
#[test]
fn render_and_validate_name_the_same_item_after_a_blank_one() {
    let mut v = example();
    v["下年工作计划"] = json!(["", "明年XX继续抓好培训。", "  ", "后年再议XX。"]);
    let bytes = v.to_string();
    let report = render_bytes(bytes.as_bytes(), "a.json", &Options::default()).unwrap();
    assert_eq!(paths(&report.warnings), ["下年工作计划[1]", "下年工作计划[3]"]);
    let found = gongwen::validate::validate(bytes.as_bytes(), "a.json", None, &template::default_template());
    assert_eq!(paths(&found), ["下年工作计划[1]", "下年工作计划[3]"]);
}

/// The skeleton reads the questionnaire's own keys and the manifest's derived values.
#[test]
fn the_skeleton_is_written_in_the_questionnaires_keys() {
    let t = template::default_template();
    for renamed in ["{{起始年份}}", "{{概述}}", "{{问题引言}}", "{{组织员人数}}", "{{未发展村数}}", "无未发展村"] {
        assert!(!t.source().contains(renamed), "{renamed}");
    }
    let names: Vec<&str> = t.manifest.derived.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["年数", "自查期间", "全域", "发展党员总数", "分年度明细"]);
    let (answers, _) = gongwen::answers::load(&t, example().to_string().as_bytes(), "a.json").unwrap();
    let context = template::context(&t, &answers).unwrap();
    let plain = |k: &str| template::helpers::untag(context[k].as_str().unwrap()).into_owned();
    assert_eq!(plain("$年数"), "三");
    assert_eq!(plain("$自查期间"), "2024年至2026年");
    assert_eq!(plain("$全域"), "全镇");
    assert_eq!(context["$发展党员总数"], json!(34));
    assert_eq!(plain("$分年度明细"), "2024年10名、2025年13名、2026年11名");
}

/// Zero idle villages is said in words, a missing count not at all (Handlebars treats 0 as
/// false: the skeleton compares with `eq` instead).
#[test]
fn zero_and_absent_counts_read_differently() {
    let text = |v: &Value| {
        let r = render_bytes(v.to_string().as_bytes(), "a.json", &Options::default()).unwrap();
        r.document.blocks.iter().map(|b| b.printed_text()).collect::<Vec<_>>().join("\n")
    };
    let mut v = example();
    v["基本情况"]["三年以上未发展党员村数"] = json!(0);
    v["基本情况"]["分年度发展党员数"] = json!([{"年份": 2026, "人数": 1}, {"年份": 2024, "人数": 2}, {"年份": 2025, "人数": 3}]);
    let zero = text(&v);
    assert!(zero.contains("目前没有三年以上未发展党员的村"), "{zero}");
    assert!(zero.contains("其中2024年2名、2025年3名、2026年1名"), "{zero}");
    v["基本情况"].as_object_mut().unwrap().remove("三年以上未发展党员村数");
    let absent = text(&v);
    assert!(!absent.contains("三年以上未发展党员"), "{absent}");
}

/// Runs gongwen with `args`; its status and everything it printed.
fn gongwen(args: &[&str], dir: Option<&std::path::Path>) -> (bool, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"));
    cmd.args(args).env("GONGWEN_TEMPLATES", "");
    if let Some(dir) = dir {
        cmd.arg(dir);
    }
    let out = cmd.output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

/// Every built-in kind ships at least two examples; each renders, matches its outline
/// snapshot and passes `check` with the kind's sections (`gongwen test --template ID DIR`);
/// `gongwen templates` lists the five kinds.
#[test]
fn every_built_in_kind_renders_its_examples_as_snapshotted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ids = template::ids();
    assert_eq!(ids, ["fazhan-dangyuan", "dangfeng-lianzheng", "shuzhi-dangjian", "yishixingtai", "xuncha-zhenggai"]);
    for id in &ids[1..] {
        let dir = root.join("templates").join(id).join("examples");
        let is_answers = |p: std::path::PathBuf| p.extension().is_some_and(|x| x == "json");
        let answers = std::fs::read_dir(&dir).unwrap().filter(|e| is_answers(e.as_ref().unwrap().path())).count();
        assert!(answers >= 2, "{id}: {answers} examples");
        let (ok, said) = gongwen(&["test", "--template", id], Some(&dir));
        assert!(ok, "{id}: {said}");
        assert!(said.contains(&format!("{answers} 个一致，0 个不一致")), "{id}: {said}");
    }
    let (ok, listed) = gongwen(&["templates"], None);
    assert!(ok && listed.contains("共 5 个可用的模板"), "{listed}");
    for id in ids {
        assert!(listed.contains(id), "{listed}");
    }
}
