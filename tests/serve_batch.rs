//! `gongwen serve`'s batch: a zip of answers files in, a zip of the reports and the batch
//! summary out, each failure listed as `gongwen batch` lists it; zip bombs and oversized
//! uploads refused with the bounds `check` uses.

mod common;
mod serve_support;

use std::io::{Cursor, Read, Write};

use serde_json::Value;
use serve_support::{fixture, gongwen, Server};
use zip::write::SimpleFileOptions;

const BATCH: &str = "/api/kinds/fazhan-dangyuan/batch";

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        // Large entries stored, as a zip tool does with data that does not compress.
        let method = if data.len() > 1 << 20 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        w.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn post_zip(s: &Server, body: &[u8]) -> serve_support::Response {
    s.request("POST", BATCH, &[("Content-Type", "application/zip")], body)
}

/// The townships: two good ones, one with an error, one that makes the first one's report
/// again (a name conflict), and a note that is not an answers file.
fn townships() -> Vec<(&'static str, Vec<u8>)> {
    let baiyun = fixture("baiyun-zhen.json");
    let broken = baiyun.replace("\"党委名称\": \"中共白云镇委员会\",", "").replace("白云镇", "青石镇");
    vec![
        ("baiyun.json", baiyun.clone().into_bytes()),
        ("hexi.json", fixture("hexi-jiedao.json").into_bytes()),
        ("qingshi.json", broken.into_bytes()),
        ("baiyun-again.json", baiyun.into_bytes()),
        ("说明.txt", "不是答案".as_bytes().to_vec()),
    ]
}

#[test]
fn a_zip_of_answers_gives_the_reports_and_the_summary_of_gongwen_batch() {
    let s = Server::start(&[]);
    let entries = townships();
    let upload = zip_of(&entries.iter().map(|(n, d)| (*n, d.as_slice())).collect::<Vec<_>>());
    let r = post_zip(&s, &upload);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/zip"));
    assert_eq!(serve_support::download_name(&r), "批量生成的报告.zip");
    let got = common::unzip(&r.body);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(&names[..2], ["汇总.txt", "汇总.json"]);
    // 汇总.txt is stored, so that the page reads it from the first local header.
    let mut zip = zip::ZipArchive::new(Cursor::new(&r.body)).unwrap();
    assert_eq!(zip.by_index(0).unwrap().compression(), zip::CompressionMethod::Stored);

    // The same townships through gongwen batch.
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir(&input).unwrap();
    for (n, d) in &entries {
        std::fs::write(input.join(n), d).unwrap();
    }
    let summary_file = dir.path().join("summary.json");
    let (status, _) = gongwen(&["batch", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--summary", summary_file.to_str().unwrap()]);
    assert_eq!(status, 1);
    let cli: Value = serde_json::from_slice(&std::fs::read(&summary_file).unwrap()).unwrap();
    let served: Value = serde_json::from_slice(&got[1].1).unwrap();
    for key in ["total", "written", "failed", "conflicts", "with_warnings"] {
        assert_eq!(served[key], cli[key], "{key}");
    }
    assert_eq!((served["written"].as_u64(), served["failed"].as_u64(), served["conflicts"].as_u64()), (Some(1), Some(1), Some(2)));
    let strip = |v: &Value, prefix: &str| -> Vec<Value> {
        v["results"].as_array().unwrap().iter().map(|r| {
            let mut r = r.clone();
            let input = r["input"].as_str().unwrap().trim_start_matches(prefix).to_string();
            let reason = r["reason"].as_str().map(|x| x.replace(prefix, ""));
            r["input"] = input.into();
            r["reason"] = reason.into();
            for d in r["diagnostics"].as_array_mut().unwrap() {
                d.as_object_mut().unwrap().remove("file");
            }
            r
        }).collect()
    };
    let prefix = format!("{}/", input.display());
    assert_eq!(strip(&served, ""), strip(&cli, &prefix));
    // Every failure listed in 汇总.txt with gongwen batch's words.
    let text = String::from_utf8(got[0].1.clone()).unwrap();
    assert!(text.contains("失败（1 份）：\r\n  qingshi.json：错误：字段「党委名称」：缺少必填字段「党委名称」\r\n"), "{text}");
    assert!(text.contains("同名冲突（2 份）：") && text.contains("baiyun.json：与「baiyun-again.json」生成同名文件"), "{text}");
    assert!(text.ends_with("共 4 份：成功 1 份，失败 1 份，同名冲突 2 份，其中 0 份有警告。\r\n"), "{text}");
    // The one report, the bytes gongwen batch wrote.
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    assert_eq!(written.len(), 1);
    let name = written[0].file_name().unwrap().to_str().unwrap();
    let served_report = &got.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} not in {names:?}")).1;
    assert!(served_report == &std::fs::read(&written[0]).unwrap());
    assert_eq!(got.len(), 3);
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_expanded() {
    let s = Server::start(&[]);
    // 1 GiB of zeros declared in a zip of about 1 MB.
    let bomb = common::zip_bomb(1024);
    assert!(bomb.len() < 2 << 20);
    let r = post_zip(&s, &bomb);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("压缩炸弹"), "{}", r.text());
}

#[test]
fn too_many_entries_too_large_or_not_a_zip_are_refused_whole() {
    let s = Server::start(&[]);
    let names: Vec<String> = (0..=gongwen::limits::MAX_SERVE_BATCH_ENTRIES).map(|i| format!("{i}.json")).collect();
    let many = zip_of(&names.iter().map(|n| (n.as_str(), &b"{}"[..])).collect::<Vec<_>>());
    let r = post_zip(&s, &many);
    assert_eq!(r.status, 413);
    assert!(r.json()["error"].as_str().unwrap().contains("超过上限"), "{}", r.text());
    let limit = gongwen::limits::MAX_SERVE_UPLOAD_BYTES;
    let r = s.request("POST", BATCH, &[("Content-Type", "application/zip"), ("Content-Length", &(limit + 1).to_string())], b"");
    assert_eq!(r.status, 413);
    let r = post_zip(&s, b"PK\x03\x04 not really");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "上传的文件不是有效的 zip 压缩包：找不到压缩包的目录：文件不是 zip 压缩包，或者已损坏、不完整（例如没有上传完）；没有生成任何报告");
    let r = post_zip(&s, &zip_of(&[("说明.txt", b"x")]));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "压缩包里没有 .json 答案文件");
}

#[test]
fn an_entry_over_the_input_limit_fails_alone() {
    let s = Server::start(&[]);
    let big = vec![b' '; gongwen::limits::MAX_INPUT_BYTES + 1];
    let baiyun = fixture("baiyun-zhen.json");
    let r = post_zip(&s, &zip_of(&[("a.json", baiyun.as_bytes()), ("big.json", &big)]));
    assert_eq!(r.status, 200, "{}", r.text());
    let got = common::unzip(&r.body);
    let mut text = String::new();
    Cursor::new(&got[0].1).read_to_string(&mut text).unwrap();
    assert!(text.contains("big.json：错误：文件有 16777217 字节，超过上限 16777216 字节（16 MB）\r\n"), "{text}");
    assert!(text.contains("成功 1 份，失败 1 份"), "{text}");
}

#[test]
fn a_county_defaults_entry_is_laid_under_every_township_as_batch_defaults_does() {
    let s = Server::start(&[]);
    let strip = |name: &str| {
        let mut v: Value = serde_json::from_str(&fixture(name)).unwrap();
        let m = v.as_object_mut().unwrap();
        m.remove("主送机关");
        m.remove("通知来源");
        serde_json::to_vec_pretty(&v).unwrap()
    };
    let (a, b) = (strip("baiyun-zhen.json"), strip("hexi-jiedao.json"));
    let county = "{\"主送机关\": \"县委组织部\", \"通知来源\": \"县委组织部《关于开展自查的通知》\", \"备注\": 1}".as_bytes();
    let upload = zip_of(&[("a.json", &a), ("b.json", &b), ("县.json", county)]);
    let r = s.request("POST", &format!("{BATCH}?defaults=%E5%8E%BF.json"), &[("Content-Type", "application/zip")], &upload);
    assert_eq!(r.status, 200, "{}", r.text());
    let got = common::unzip(&r.body);
    let text = String::from_utf8(got[0].1.clone()).unwrap();
    assert!(text.starts_with("警告：县.json：字段「备注」：未知字段「备注」"), "the defaults' warning, once: {text}");
    assert_eq!(text.matches("备注").count(), 2, "{text}");
    assert!(text.ends_with("共 2 份：成功 2 份，失败 0 份，同名冲突 0 份，其中 0 份有警告。\r\n"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let (input, out, county_file) = (dir.path().join("in"), dir.path().join("out"), dir.path().join("县.json"));
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.json"), &a).unwrap();
    std::fs::write(input.join("b.json"), &b).unwrap();
    std::fs::write(&county_file, county).unwrap();
    let (status, _) = gongwen(&["batch", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--defaults", county_file.to_str().unwrap()]);
    assert_eq!(status, 0);
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "docx") {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let served = &got.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("{name}")).1;
            assert!(served == &std::fs::read(&p).unwrap(), "{name} differs from gongwen batch --defaults");
        }
    }
    assert_eq!(got.len(), 4);
    // A defaults entry that is not there, or that is not an object.
    let r = s.request("POST", &format!("{BATCH}?defaults=x.json"), &[("Content-Type", "application/zip")], &upload);
    assert_eq!(r.status, 400);
    let bad = zip_of(&[("a.json", &a), ("县.json", b"[1]")]);
    let r = s.request("POST", &format!("{BATCH}?defaults=%E5%8E%BF.json"), &[("Content-Type", "application/zip")], &bad);
    assert_eq!(r.status, 422);
    assert!(r.json()["diagnostics"][0]["message"].as_str().unwrap().contains("默认值文件的最外层应为对象"), "{}", r.text());
}
