//! The clerk's flow around the questionnaire: `init` → fill in → `validate` → `render`, the
//! JSON Schema, county defaults, and the README's field table against the definition.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

use gongwen::questionnaire::{Field, FieldType, Questionnaire};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn q() -> &'static Questionnaire {
    &gongwen::template::builtin("fazhan-dangyuan").unwrap().questionnaire
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write_json(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// The paths a blank `init` file must report: every required leaf, and in each required list
/// the required fields of its first (blank) item.
fn required_paths(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields.iter().filter(|f| f.required) {
        let path = if prefix.is_empty() {
            f.key.clone()
        } else {
            format!("{prefix}.{}", f.key)
        };
        match f.kind {
            FieldType::Object => required_paths(&f.fields, &path, out),
            FieldType::List => {
                let item = f.items.as_deref().unwrap();
                let first = format!("{path}[0]");
                match item.kind {
                    FieldType::Object => required_paths(&item.fields, &first, out),
                    _ if item.required => out.push(first),
                    _ => {}
                }
            }
            _ => out.push(path),
        }
    }
}

fn all_required_paths() -> Vec<String> {
    let mut out = Vec::new();
    required_paths(&q().fields, "", &mut out);
    out
}

#[test]
fn init_then_validate_lists_every_required_field_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        dir.path().join("答案.json").is_file()
            && dir.path().join("fazhan-dangyuan.schema.json").is_file()
    );
    let blank = read_json(&dir.path().join("答案.json"));
    for f in &q().fields {
        assert!(blank.get(&f.key).is_some(), "init leaves out {}", f.key);
    }

    let out = gongwen()
        .current_dir(dir.path())
        .args(["validate", "答案.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    let required = all_required_paths();
    assert!(required.len() >= 14, "{required:?}");
    for path in &required {
        assert!(
            err.contains(&format!("答案.json：字段「{path}」")),
            "{path} missing from:\n{err}"
        );
    }
    assert!(
        err.lines().last().unwrap().starts_with("检查未通过"),
        "{err}"
    );

    // --json: the same findings, exactly the required fields, all errors, on stdout.
    let out = gongwen()
        .current_dir(dir.path())
        .args(["validate", "答案.json", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = found.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, required);
    assert!(found
        .iter()
        .all(|d| d["severity"] == "error" && d["file"] == "答案.json" && d["message"].is_string()));
}

/// Fills a blank answers file with the definition's examples, keeping its "$schema".
fn fill(blank: &Value) -> Value {
    let mut filled = q().example_answers();
    filled["$schema"] = blank["$schema"].clone();
    filled
}

#[test]
fn a_filled_init_file_validates_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    gongwen()
        .current_dir(dir.path())
        .args(["init", "-o", "柳河镇.json"])
        .assert()
        .success();
    let path = dir.path().join("柳河镇.json");
    write_json(&path, &fill(&read_json(&path)));
    let out = gongwen()
        .current_dir(dir.path())
        .args(["validate", "柳河镇.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("检查通过"));
    gongwen()
        .current_dir(dir.path())
        .args(["render", "柳河镇.json", "-o", "报告.docx"])
        .assert()
        .success();
    let docx =
        gongwen::inspect::read(&std::fs::read(dir.path().join("报告.docx")).unwrap()).unwrap();
    assert_eq!(
        docx.paragraphs[0].text.replace('\n', ""),
        "柳河镇关于近三年发展党员工作情况的自查报告"
    );
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("答案.json");
    std::fs::write(&path, "我的答案").unwrap();
    let out = gongwen().arg("init").arg("-o").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("文件已存在，没有覆盖") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "我的答案");
    gongwen()
        .arg("init")
        .arg("-o")
        .arg(&path)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(read_json(&path)["$schema"], "./fazhan-dangyuan.schema.json");
    // A folder gets 答案.json inside it.
    let sub = dir.path().join("镇");
    std::fs::create_dir(&sub).unwrap();
    gongwen().arg("init").arg("-o").arg(&sub).assert().success();
    assert!(sub.join("答案.json").is_file() && sub.join("fazhan-dangyuan.schema.json").is_file());
}

#[test]
fn the_schema_beside_the_file_is_the_one_schema_prints() {
    let dir = tempfile::tempdir().unwrap();
    gongwen()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    let blank = read_json(&dir.path().join("答案.json"));
    let reference = blank["$schema"].as_str().unwrap();
    let on_disk = read_json(&dir.path().join(reference));
    let out = gongwen().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(on_disk, printed);
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        printed["properties"]["乡镇名称"]["description"],
        "填写乡镇的全称，会用在报告标题里"
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        gongwen::schema::json_schema(q()) + "\n"
    );
}

#[test]
fn usage_errors_of_the_new_commands_exit_2() {
    gongwen()
        .args(["schema", "--template", "nope"])
        .assert()
        .code(2);
    gongwen()
        .args(["init", "--template", "nope"])
        .assert()
        .code(2);
    gongwen().args(["validate"]).assert().code(2);
    gongwen()
        .args(["validate", "a.json", "--template", "nope"])
        .assert()
        .code(2);
    gongwen()
        .args(["validate", "a.json", "--no-such-flag"])
        .assert()
        .code(2);
    let out = gongwen()
        .args(["validate", "没有这个文件.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("没有这个文件.json"));
}

#[test]
fn placeholders_are_warnings_and_validate_still_passes() {
    let out = gongwen()
        .arg("validate")
        .arg(fixture("qinghe-zhen-fanwen.json"))
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|d| d["severity"] == "warning"));
    assert!(found.iter().any(|d| d["path"] == "基本情况.概述"
        && d["message"].as_str().unwrap().contains("含占位符「XX」")));
    assert!(stderr_of(&out).contains("检查通过") && stderr_of(&out).contains("处警告"));
    let out = gongwen()
        .arg("validate")
        .arg(fixture("baiyun-zhen.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr_of(&out).contains("没有发现问题"));
}

#[test]
fn a_typo_in_a_key_suggests_the_right_one_in_validate_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = read_json(&fixture("baiyun-zhen.json"));
    let name = v.as_object_mut().unwrap().remove("乡镇名称").unwrap();
    v["乡镇明称"] = name;
    let path = dir.path().join("typo.json");
    write_json(&path, &v);
    for cmd in ["validate", "render"] {
        let out = gongwen()
            .current_dir(dir.path())
            .args([cmd, "typo.json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = stderr_of(&out);
        assert!(
            err.contains("字段「乡镇明称」：未知字段「乡镇明称」")
                && err.contains("是否想写：乡镇名称？"),
            "{cmd}: {err}"
        );
    }
}

/// baiyun-zhen.json split into what a county shares and what the township writes itself.
fn split_baiyun(dir: &Path) -> (PathBuf, PathBuf) {
    let full = read_json(&fixture("baiyun-zhen.json"));
    let mut township = full.clone();
    let t = township.as_object_mut().unwrap();
    let mut county = serde_json::Map::new();
    for key in [
        "主送机关",
        "成文日期",
        "自查起始年份",
        "自查截止年份",
        "通知来源",
        "对策建议",
    ] {
        county.insert(key.into(), t.remove(key).unwrap());
    }
    // Objects merge key by key: the county gives one field of 基本情况, the township the rest.
    let villages = t["基本情况"]
        .as_object_mut()
        .unwrap()
        .remove("村党组织数")
        .unwrap();
    county.insert("基本情况".into(), json!({ "村党组织数": villages }));
    // Lists are replaced, not concatenated: the county's 下年工作计划 loses to the township's.
    county.insert(
        "下年工作计划".into(),
        json!(["县里统一的计划，被乡镇自己的计划替换。"]),
    );
    county.insert("$schema".into(), json!("./fazhan-dangyuan.schema.json"));
    let (c, tw) = (dir.join("县.json"), dir.join("白云镇.json"));
    write_json(&c, &Value::Object(county));
    write_json(&tw, &township);
    (c, tw)
}

#[test]
fn defaults_and_township_render_to_the_same_bytes_as_the_merged_file() {
    let dir = tempfile::tempdir().unwrap();
    let (county, township) = split_baiyun(dir.path());
    let merged_out = dir.path().join("merged.docx");
    let split_out = dir.path().join("split.docx");
    gongwen()
        .arg("render")
        .arg(fixture("baiyun-zhen.json"))
        .arg("-o")
        .arg(&merged_out)
        .assert()
        .success();
    let out = gongwen()
        .arg("render")
        .arg(&township)
        .arg("--defaults")
        .arg(&county)
        .arg("-o")
        .arg(&split_out)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        std::fs::read(&merged_out).unwrap(),
        std::fs::read(&split_out).unwrap()
    );
    gongwen()
        .arg("validate")
        .arg(&township)
        .arg("--defaults")
        .arg(&county)
        .assert()
        .success();

    // The same through the library, with the defaults parsed once and reused.
    let (defaults, warnings) =
        gongwen::defaults::Defaults::parse(&std::fs::read(&county).unwrap(), "县.json", &gongwen::template::default_template()).unwrap();
    assert_eq!(warnings, vec![]);
    let options = gongwen::render::Options::default();
    let bytes = std::fs::read(&township).unwrap();
    for _ in 0..2 {
        let report = gongwen::render::render_bytes_with_defaults(
            &bytes,
            "白云镇.json",
            Some(&defaults),
            &options,
        )
        .unwrap();
        assert_eq!(report.docx, std::fs::read(&merged_out).unwrap());
    }
    // Without the defaults the township's file is incomplete.
    gongwen().arg("validate").arg(&township).assert().code(1);
}

#[test]
fn a_problem_in_a_county_value_names_the_county_file() {
    let dir = tempfile::tempdir().unwrap();
    let (county, township) = split_baiyun(dir.path());
    let mut c = read_json(&county);
    c["成文日期"] = json!("2026/11/20");
    c["主送机观"] = json!("县委组织部");
    c["对策建议"][1]["内容"] = json!("某某村要XX。");
    write_json(&county, &c);
    let mut t = read_json(&township);
    t["党委名称"] = json!(12);
    write_json(&township, &t);
    let out = gongwen()
        .current_dir(dir.path())
        .args(["validate", "白云镇.json", "--defaults", "县.json", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let file_of = |path: &str| -> Vec<&str> {
        found
            .iter()
            .filter(|d| d["path"] == path)
            .map(|d| d["file"].as_str().unwrap())
            .collect()
    };
    assert_eq!(file_of("成文日期"), ["县.json"]);
    assert_eq!(file_of("主送机观"), ["县.json"]);
    assert_eq!(file_of("对策建议[1].内容"), ["县.json"]);
    assert_eq!(file_of("党委名称"), ["白云镇.json"]);
    let typo = found.iter().find(|d| d["path"] == "主送机观").unwrap();
    assert_eq!(typo["severity"], "warning");
    assert_eq!(typo["hint"], "是否想写：主送机关？");

    // render says the same in words, and writes nothing.
    let out = gongwen()
        .current_dir(dir.path())
        .args(["render", "白云镇.json", "--defaults", "县.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("错误：县.json：字段「成文日期」：日期格式不对"),
        "{err}"
    );
    assert!(err.contains("警告：县.json：字段「主送机观」"), "{err}");
}

#[test]
fn a_broken_defaults_file_stops_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("县.json"), "{\"主送机关\": }").unwrap();
    for cmd in ["validate", "render"] {
        let out = gongwen()
            .current_dir(dir.path())
            .arg(cmd)
            .arg(fixture("baiyun-zhen.json"))
            .args(["--defaults", "县.json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(
            stderr_of(&out).contains("县.json：第 1 行"),
            "{cmd}: {}",
            stderr_of(&out)
        );
    }
}

#[test]
fn a_blank_init_file_over_county_defaults_takes_the_county_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (county, _) = split_baiyun(dir.path());
    gongwen()
        .current_dir(dir.path())
        .args(["init", "-o", "新镇.json"])
        .assert()
        .success();
    let out = gongwen()
        .current_dir(dir.path())
        .args(["validate", "新镇.json", "--json", "--defaults"])
        .arg(&county)
        .output()
        .unwrap();
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = found.iter().map(|d| d["path"].as_str().unwrap()).collect();
    // What the county gives is no longer missing; what it does not give still is.
    assert!(
        !paths.contains(&"成文日期") && !paths.iter().any(|p| p.starts_with("对策建议")),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"乡镇名称") && paths.contains(&"主要做法[0].标题"),
        "{paths:?}"
    );
}

/// The first column of the README's field table, each key with its 必填 column.
fn readme_table() -> Vec<(String, bool)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## 怎样填写答案")
        .nth(1)
        .expect("section 怎样填写答案")
        .split("\n## ")
        .next()
        .unwrap();
    let mut rows = Vec::new();
    for line in section.lines().filter(|l| l.starts_with('|')).skip(2) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let required = match cells[2] {
            "是" => true,
            "否" => false,
            other => panic!("必填 column reads {other:?} in {line}"),
        };
        rows.extend(
            cells[1]
                .split('、')
                .map(|k| (k.trim().to_owned(), required)),
        );
    }
    rows
}

/// The fields the README describes one by one: leaves and lists, with objects opened up.
fn documented_fields(fields: &[Field], prefix: &str, out: &mut Vec<(String, bool)>) {
    for f in fields {
        let path = if prefix.is_empty() {
            f.key.clone()
        } else {
            format!("{prefix}.{}", f.key)
        };
        match f.kind {
            FieldType::Object => documented_fields(&f.fields, &path, out),
            _ => out.push((path, f.required)),
        }
    }
}

#[test]
fn the_readme_field_table_matches_the_definition() {
    let mut table = readme_table();
    let mut defined = Vec::new();
    documented_fields(&q().fields, "", &mut defined);
    table.sort();
    defined.sort();
    assert_eq!(
        table, defined,
        "README.md's table under 怎样填写答案 and questionnaire.json disagree"
    );
}

#[test]
fn the_readme_lists_the_new_commands_and_the_flow() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let commands = readme
        .split("## 命令")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    for c in [
        "gongwen init",
        "gongwen validate",
        "gongwen schema",
        "--defaults",
        "--json",
        "--force",
    ] {
        assert!(commands.contains(c), "{c} missing from 命令");
    }
    let fill = readme.find("## 怎样填写答案").unwrap();
    let flow = readme[fill..]
        .find("\n## ")
        .map(|i| &readme[fill + i..])
        .unwrap();
    assert!(
        flow.starts_with("\n## 填写、检查、生成"),
        "the flow section follows 怎样填写答案"
    );
}

/// Issue 11, point 4: every rule whose inputs are valid runs even when another field is
/// invalid. 「二〇二四」 is a type error, and the rules read it as 2024, so the year 2019 of
/// the first item is reported outside the range in the same run.
#[test]
fn a_type_error_does_not_hide_the_rules_it_feeds() {
    let mut v = read_json(&fixture("baiyun-zhen.json"));
    v["自查起始年份"] = json!("二〇二四");
    v["基本情况"]["分年度发展党员数"][0]["年份"] = json!(2019);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.json");
    std::fs::write(&input, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = gongwen().arg("validate").arg(&input).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("字段「自查起始年份」：应为整数，实际是文本「二〇二四」"), "{err}");
    assert!(err.contains("提示：改用阿拉伯数字，直接写 2024"), "{err}");
    assert!(err.contains("字段「基本情况.分年度发展党员数[0].年份」：年份 2019 不在自查范围 2024—2026 年内"), "{err}");
    assert!(err.contains("有 2 处错误"), "{err}");
}
