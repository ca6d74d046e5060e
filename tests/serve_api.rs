//! `gongwen serve`'s HTTP API, each endpoint against a real server on an ephemeral port:
//! kinds, questionnaire, validate (the messages of `gongwen validate`), render (the bytes of
//! `gongwen render`, or 422) and what bad input gets (400, 404, 413), never a 500.

mod serve_support;

use serde_json::{json, Value};
use serve_support::{download_name, fixture, gongwen, submission, Server};

const KIND: &str = "/api/kinds/fazhan-dangyuan";

#[test]
fn kinds_lists_every_built_in_kind_with_its_chinese_name() {
    let s = Server::start(&[]);
    let r = s.get("/api/kinds");
    assert_eq!(r.status, 200);
    let kinds = r.json();
    let ids: Vec<&str> = kinds.as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["fazhan-dangyuan", "dangfeng-lianzheng", "shuzhi-dangjian", "yishixingtai", "xuncha-zhenggai"]);
    assert_eq!(kinds[0]["name"], "发展党员工作自查报告");
    assert_eq!(kinds[2]["title"], "抓基层党建工作述职报告");
}

#[test]
fn a_kind_given_with_template_comes_first() {
    let s = Server::start(&["--template", "yishixingtai"]);
    assert_eq!(s.get("/api/kinds").json()[0]["id"], "yishixingtai");
}

#[test]
fn questionnaire_is_the_kinds_definition() {
    let s = Server::start(&[]);
    let r = s.get(&format!("{KIND}/questionnaire"));
    assert_eq!(r.status, 200);
    let file: Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/fazhan-dangyuan/questionnaire.json")).unwrap()).unwrap();
    let got = r.json();
    assert_eq!(got["title"], file["title"]);
    let keys = |v: &Value| v["fields"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(keys(&got), keys(&file));
    assert_eq!(got["fields"][0]["label"], "乡镇名称");
    assert_eq!(s.get("/api/kinds/no-such-kind/questionnaire").status, 404);
}

/// The answers file with edits, as text.
fn edited(name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&fixture(name)).unwrap();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

/// `gongwen validate --json` of the same text, every finding without its file name.
fn cli_findings(text: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("答案.json");
    std::fs::write(&path, text).unwrap();
    let (_, out) = gongwen(&["validate", "--json", path.to_str().unwrap()]);
    let mut found: Vec<Value> = serde_json::from_slice(&out).unwrap();
    for d in &mut found {
        d.as_object_mut().unwrap().remove("file");
    }
    found
}

#[test]
fn validate_gives_the_findings_of_gongwen_validate_with_their_paths() {
    let s = Server::start(&[]);
    let text = edited("baiyun-zhen.json", |v| {
        v["基本情况"]["分年度发展党员数"][1]["年份"] = json!("二〇二五");
        v["通知来源"] = json!("县委组织部XX号通知");
        v.as_object_mut().unwrap().remove("党委名称");
    });
    let r = s.post_json(&format!("{KIND}/validate"), &submission(&text));
    assert_eq!(r.status, 200, "{}", r.text());
    let got = r.json();
    let mut findings = got["diagnostics"].as_array().unwrap().clone();
    for d in &mut findings {
        assert_eq!(d["file"], "答案");
        d.as_object_mut().unwrap().remove("file");
    }
    let expected = cli_findings(&text);
    assert_eq!(findings, expected);
    let paths: Vec<&str> = findings.iter().filter_map(|d| d["path"].as_str()).collect();
    assert!(paths.contains(&"基本情况.分年度发展党员数[1].年份"), "{paths:?}");
    assert!(paths.contains(&"党委名称") && paths.contains(&"通知来源"), "{paths:?}");
    assert!(findings.iter().any(|d| d["severity"] == "warning" && d["message"].as_str().unwrap().contains("占位符")), "{findings:?}");
    assert_eq!(got["errors"], 2);
    assert_eq!(got["outline"], Value::Null);
}

#[test]
fn validate_of_clean_answers_gives_the_outline_gongwen_dump_prints() {
    let s = Server::start(&[]);
    let r = s.post_json(&format!("{KIND}/validate"), &submission(&fixture("baiyun-zhen.json")));
    let got = r.json();
    assert_eq!(got["errors"], 0, "{got}");
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("r.docx");
    gongwen(&["render", concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/baiyun-zhen.json"), "-o", docx.to_str().unwrap()]);
    let (_, dump) = gongwen(&["dump", docx.to_str().unwrap()]);
    assert_eq!(got["outline"].as_str().unwrap(), String::from_utf8(dump).unwrap());
    assert!(got["outline"].as_str().unwrap().contains("白云镇"));
    assert!(got["file"].as_str().unwrap().ends_with(".docx"));
}

#[test]
fn render_gives_the_bytes_of_gongwen_render_named_by_the_title() {
    let s = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    for name in ["baiyun-zhen.json", "hexi-jiedao.json"] {
        let r = s.post_json(&format!("{KIND}/render"), &submission(&fixture(name)));
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        // gongwen render without -o names the file by the title, in the working folder.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(["render", &format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let file = download_name(&r);
        let cli = std::fs::read(dir.path().join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(r.body == cli, "{name}: the served .docx differs from gongwen render's");
        assert!(file.contains("发展党员") && file.ends_with(".docx"), "{file}");
    }
}

#[test]
fn render_with_county_defaults_is_render_with_defaults() {
    let s = Server::start(&[]);
    let township = edited("baiyun-zhen.json", |v| {
        let m = v.as_object_mut().unwrap();
        m.remove("主送机关");
        m.remove("通知来源");
    });
    let county = r#"{"主送机关": "县委组织部", "通知来源": "县委组织部《关于开展发展党员工作自查的通知》"}"#;
    let body = format!("{{\"answers\": {township}, \"defaults\": {county}}}");
    let r = s.post_json(&format!("{KIND}/render"), body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let dir = tempfile::tempdir().unwrap();
    let (a, d, o) = (dir.path().join("a.json"), dir.path().join("county.json"), dir.path().join("r.docx"));
    std::fs::write(&a, &township).unwrap();
    std::fs::write(&d, county).unwrap();
    let (status, _) = gongwen(&["render", a.to_str().unwrap(), "--defaults", d.to_str().unwrap(), "-o", o.to_str().unwrap()]);
    assert_eq!(status, 0);
    assert!(r.body == std::fs::read(&o).unwrap(), "the served .docx differs from gongwen render --defaults");
    // Without the defaults the same answers still render, but not to the same report.
    let bare = s.post_json(&format!("{KIND}/render"), &submission(&township));
    assert_eq!(bare.status, 200);
    assert!(bare.body != r.body);
}

#[test]
fn render_of_answers_with_errors_is_422_with_the_diagnostics() {
    let s = Server::start(&[]);
    let text = edited("baiyun-zhen.json", |v| {
        v["成文日期"] = json!("2026-02-30");
    });
    let r = s.post_json(&format!("{KIND}/render"), &submission(&text));
    assert_eq!(r.status, 422);
    let got = r.json();
    assert!(got["error"].as_str().unwrap().starts_with("没有生成报告"), "{got}");
    let d = &got["diagnostics"][0];
    assert_eq!(d["path"], "成文日期");
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().unwrap().contains("2026-02-30"), "{d}");
}

#[test]
fn malformed_json_is_400_with_the_line_and_column() {
    let s = Server::start(&[]);
    let r = s.post_json(&format!("{KIND}/validate"), b"{\"answers\": {\"\xe4\xb9\xa1\xe9\x95\x87\xe5\x90\x8d\xe7\xa7\xb0\": \"a\",\n}}");
    assert_eq!(r.status, 400);
    let got = r.json();
    assert_eq!(got["error"], "请求体不是有效的 JSON");
    assert_eq!(got["diagnostics"][0]["line"], 2);
    assert!(got["diagnostics"][0]["message"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    // Valid JSON of the wrong shape.
    let r = s.post_json(&format!("{KIND}/render"), b"[1, 2]");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("answers"));
    let r = s.post_json(&format!("{KIND}/render"), b"\xff\xfe");
    assert_eq!(r.status, 400);
}

#[test]
fn a_body_over_the_limit_is_413_and_unknown_paths_404_never_500() {
    let s = Server::start(&[]);
    let limit = gongwen::limits::MAX_SERVE_JSON_BYTES;
    // Declared too large: refused before the body is read.
    let r = s.request("POST", &format!("{KIND}/validate"), &[("Content-Type", "application/json"), ("Content-Length", &(limit + 1).to_string())], b"");
    assert_eq!(r.status, 413);
    assert!(r.json()["error"].as_str().unwrap().contains("超过上限"));
    // Sent too large without a length (chunked): refused as soon as the limit is passed.
    let mut body = Vec::new();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(limit >> 20) + 1 {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"0\r\n\r\n");
    let r = s.request("POST", &format!("{KIND}/render"), &[("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"), ("Content-Length", "")], &body);
    assert_eq!(r.status, 413, "{}", r.text());
    // axum's own refusals, in Chinese JSON too.
    let r = s.request("DELETE", "/api/kinds", &[], b"");
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].as_str().unwrap().contains("请求方法"));
    let r = s.request("POST", "/api/kinds/fazhan-dangyuan/batch?defaults=a&defaults=b", &[("Content-Type", "application/zip")], b"PK");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().starts_with("请求的地址或参数"), "{}", r.text());
    let r = s.get("/no/such/page");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"], "没有这个页面或接口");
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let s = Server::start(&[]);
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("公文报告填写") && page.text().contains("/app.js"));
    assert!(page.header("content-security-policy").unwrap().contains("default-src 'self'"));
    let js = s.get("/app.js");
    assert!(js.header("content-type").unwrap().starts_with("text/javascript"));
    assert!(js.text().contains("/api/kinds"));
    assert!(!js.text().contains("http://") && !js.text().contains("https://"), "no address outside the server");
    assert_eq!(s.get("/app.css").status, 200);
    assert!(s.get("/zip.js").text().contains("function zipOf"));
}

const LEIXING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/serve-leixing");

/// A kind folder with every newer field type: boolean, decimal, percentage, choice, and
/// max_length, max_items.
#[test]
fn the_newer_field_types_are_served_validated_and_rendered_as_the_cli_does() {
    let s = Server::start(&["--template", LEIXING]);
    assert_eq!(s.get("/api/kinds").json()[0]["id"], "leixing");
    let q = s.get("/api/kinds/leixing/questionnaire").json();
    let field = |k: &str| q["fields"].as_array().unwrap().iter().find(|f| f["key"] == k).unwrap().clone();
    assert_eq!(field("进度")["choices"], json!(["已完成", "推进中", "未启动"]));
    assert_eq!(field("资金")["places"], 2);
    assert_eq!(field("完成率")["type"], "percentage");
    assert_eq!(field("是否达标")["type"], "boolean");
    assert_eq!(field("问题")["max_items"], 3);
    assert_eq!(field("乡镇名称")["max_length"], 10);

    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/serve-leixing.answers.json")).unwrap();
    let mut bad: Value = serde_json::from_str(&good).unwrap();
    bad["进度"] = json!("差不多");
    bad["资金"] = json!(12.345);
    bad["完成率"] = json!(120);
    bad["是否达标"] = json!("是");
    bad["问题"] = json!(["一", "二", "三", "四"]);
    let bad = serde_json::to_string_pretty(&bad).unwrap();
    let r = s.post_json("/api/kinds/leixing/validate", &submission(&bad));
    let mut served = r.json()["diagnostics"].as_array().unwrap().clone();
    for d in &mut served {
        d.as_object_mut().unwrap().remove("file");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    std::fs::write(&path, &bad).unwrap();
    let (_, out) = gongwen(&["validate", "--json", "--template", LEIXING, path.to_str().unwrap()]);
    let mut cli: Vec<Value> = serde_json::from_slice(&out).unwrap();
    for d in &mut cli {
        d.as_object_mut().unwrap().remove("file");
    }
    assert_eq!(served, cli);
    let paths: Vec<&str> = served.iter().filter_map(|d| d["path"].as_str()).collect();
    for p in ["进度", "资金", "完成率", "是否达标", "问题"] {
        assert!(paths.contains(&p), "{p} in {paths:?}");
    }

    let r = s.post_json("/api/kinds/leixing/render", &submission(&good));
    assert_eq!(r.status, 200, "{}", r.text());
    std::fs::write(&path, &good).unwrap();
    let docx = dir.path().join("r.docx");
    gongwen(&["render", "--template", LEIXING, path.to_str().unwrap(), "-o", docx.to_str().unwrap()]);
    assert!(r.body == std::fs::read(&docx).unwrap(), "the served report differs from gongwen render --template");
    let outline = s.post_json("/api/kinds/leixing/validate", &submission(&good)).json()["outline"].as_str().unwrap().to_string();
    assert!(outline.contains("全年投入资金12.50万元，完成率95.5%，进度推进中。"), "{outline}");
}
