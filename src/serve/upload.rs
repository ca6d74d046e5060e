//! `POST /api/kinds/{id}/batch`: a county's zip of answers files in, a zip of the reports
//! and the batch summary out, all in memory.
//!
//! The upload is opened with the bounds `check` puts on a .docx ([`crate::inspect::package`]):
//! at most [`MAX_SERVE_BATCH_ENTRIES`] entries, the declared sizes added up and the
//! compression ratio looked at before a byte is inflated, every read capped in case the
//! sizes lie. Every entry whose name ends in `.json` is an input, like the files of a
//! folder given to `gongwen batch`, in name order; each is rendered as `gongwen batch`
//! renders it, and each failure is listed with the same words ([`crate::batch::summary`]).
//! Two inputs whose reports would have the same name are both conflicts, neither kept.
//!
//! The answer's zip holds `汇总.txt` first, stored uncompressed (so that the page can show
//! it without unpacking anything), then `汇总.json` (the `--summary` file), then the reports.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::sync::Arc;

use axum::extract::{Path, Request, State as Extract};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::api::{kind, read_body, run};
use super::reply::{download, problem, problem_with};
use super::State;
use crate::batch::{summary, Outcome, Record};
use crate::defaults::Defaults;
use crate::diag::Diagnostic;
use crate::inspect::cause;
use crate::limits::{MAX_DOCX_PART_RATIO, MAX_INPUT_BYTES, MAX_SERVE_BATCH_ENTRIES, MAX_SERVE_EXPANDED_BYTES, MAX_SERVE_UPLOAD_BYTES};
use crate::output::file_name_for;
use crate::render::{render_bytes_with_defaults, Options};
use crate::template::Template;

/// The answer's file name.
pub const ZIP_NAME: &str = "批量生成的报告.zip";

/// `?defaults=ENTRY`: the zip's entry that is the county defaults file (as `--defaults`).
#[derive(Debug, Deserialize)]
pub struct Query {
    defaults: Option<String>,
}

pub async fn batch(Extract(state): Extract<Arc<State>>, Path(id): Path<String>, axum::extract::Query(query): axum::extract::Query<Query>, req: Request) -> Response {
    let tpl = match kind(&state, &id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let body = match read_body(req, MAX_SERVE_UPLOAD_BYTES).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    run(&state, move || match batch_now(&tpl, &body, query.defaults.as_deref()) {
        Ok(zip) => download(zip, "application/zip", ZIP_NAME),
        Err(r) => r,
    })
    .await
}

/// One answers file of the upload: its label (the entry's name) and its bytes.
type Entry = (String, Result<Vec<u8>, Diagnostic>);

fn batch_now(tpl: &Arc<Template>, body: &[u8], defaults_entry: Option<&str>) -> Result<Vec<u8>, Response> {
    let mut entries = unzip(body)?;
    let (defaults, defaults_warnings) = match defaults_entry {
        None => (None, Vec::new()),
        Some(name) => county_defaults(&mut entries, name, tpl)?,
    };
    let options = Options { strict: false, template: tpl.clone() };
    let mut records = Vec::with_capacity(entries.len());
    let mut reports: Vec<Option<Vec<u8>>> = Vec::with_capacity(entries.len());
    for (index, (label, bytes)) in entries.into_iter().enumerate() {
        let rendered = bytes.map_err(|d| vec![d]).and_then(|b| render_bytes_with_defaults(&b, &label, defaults.as_ref(), &options));
        let (outcome, docx) = match rendered {
            Ok(r) => (Outcome::Written { file: file_name_for(&r.document.meta.title), warnings: r.warnings }, Some(r.docx)),
            Err(errors) => (Outcome::Failed { errors }, None),
        };
        records.push(Record { index, input: label, outcome });
        reports.push(docx);
    }
    mark_conflicts(&mut records, &mut reports);
    pack(&records, reports, &defaults_warnings).map_err(|e| problem(StatusCode::INTERNAL_SERVER_ERROR, format!("内部错误：无法打包报告：{e}")))
}

/// Takes the entry `name` out of the inputs and reads it as the county defaults: its
/// warnings, listed once in the summary as `gongwen batch --defaults` prints them once, or
/// 422 with its errors (no report is made, as `gongwen batch` makes none).
fn county_defaults(entries: &mut Vec<Entry>, name: &str, tpl: &Template) -> Result<(Option<Defaults>, Vec<Diagnostic>), Response> {
    let Some(at) = entries.iter().position(|(n, _)| n == name) else {
        return Err(problem(StatusCode::BAD_REQUEST, format!("压缩包里没有名为「{}」的默认值文件（?defaults= 应为压缩包中一个 .json 条目的名称）", crate::diag::printable(name))));
    };
    let (label, bytes) = entries.remove(at);
    let parsed = bytes.map_err(|d| vec![d]).and_then(|b| Defaults::parse(&b, &label, tpl));
    match parsed {
        Ok((d, warnings)) => Ok((Some(d), warnings)),
        Err(errors) => Err(problem_with(StatusCode::UNPROCESSABLE_ENTITY, "没有生成报告：默认值文件有问题", &errors)),
    }
}

/// Reports whose names are equal, ignoring case as Windows does: every one of them becomes a
/// conflict naming another, and none is kept.
fn mark_conflicts(records: &mut [Record], reports: &mut [Option<Vec<u8>>]) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for r in records.iter() {
        if let Outcome::Written { file, .. } = &r.outcome {
            by_name.entry(file.to_lowercase()).or_default().push(r.index);
        }
    }
    for same in by_name.values().filter(|v| v.len() > 1) {
        for (n, &i) in same.iter().enumerate() {
            let other = records[same[if n == 0 { 1 } else { 0 }]].input.clone();
            let Outcome::Written { file, .. } = &records[i].outcome else { continue };
            records[i].outcome = Outcome::Conflict { file: file.clone(), other };
            reports[i] = None;
        }
    }
}

/// The answer's zip: the summary (text, then JSON), then the reports, in input order.
fn pack(records: &[Record], reports: Vec<Option<Vec<u8>>>, defaults_warnings: &[Diagnostic]) -> zip::result::ZipResult<Vec<u8>> {
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(zip::DateTime::default());
    // Sized once for the reports and their headers: a growing buffer would copy what it
    // holds at each doubling and keep up to twice the answer's size (measured: 2,000
    // reports, a 20 MB answer, peak RSS 113 MB before, see README).
    let reports_len: usize = reports.iter().flatten().map(|r| r.len() + 2 * (100 + crate::limits::MAX_FILE_NAME_CHARS * 4)).sum();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(reports_len + 64 * 1024 + records.len() * 1024)));
    zip.start_file("汇总.txt", stored)?;
    let mut text = String::new();
    for d in crate::diag::listed(defaults_warnings).iter() {
        text.push_str(&format!("{d}\r\n").replace("\n    ", "\r\n    "));
    }
    text.push_str(&summary_text(records));
    zip.write_all(text.as_bytes())?;
    zip.start_file("汇总.json", stored.compression_method(CompressionMethod::Deflated))?;
    zip.write_all(summary_json(records).as_bytes())?;
    for (r, docx) in records.iter().zip(reports) {
        if let (Outcome::Written { file, .. }, Some(docx)) = (&r.outcome, docx) {
            // A .docx is a zip already: storing it costs nothing and saves the time.
            zip.start_file(file.as_str(), stored)?;
            zip.write_all(&docx)?;
        }
    }
    Ok(zip.finish()?.into_inner())
}

/// Counts of each outcome: written, with warnings, failed, conflicts.
fn counts(records: &[Record]) -> (usize, usize, usize, usize) {
    let mut c = (0, 0, 0, 0);
    for r in records {
        match &r.outcome {
            Outcome::Written { warnings, .. } => {
                c.0 += 1;
                c.1 += usize::from(!warnings.is_empty());
            }
            Outcome::Failed { .. } => c.2 += 1,
            Outcome::Conflict { .. } => c.3 += 1,
        }
    }
    c
}

/// The summary as `gongwen batch` prints it, every row listed.
fn summary_text(records: &[Record]) -> String {
    let (written, with_warnings, failed, conflicts) = counts(records);
    let mut out = String::new();
    type Wanted = fn(&Outcome) -> bool;
    let groups: [(&str, Wanted); 3] = [
        ("失败", |o| matches!(o, Outcome::Failed { .. })),
        ("同名冲突", |o| matches!(o, Outcome::Conflict { .. })),
        ("有警告（报告已生成）", |o| matches!(o, Outcome::Written { warnings, .. } if !warnings.is_empty())),
    ];
    for (title, wanted) in groups {
        let rows: Vec<String> = records.iter().filter(|r| wanted(&r.outcome)).filter_map(summary::line).collect();
        if !rows.is_empty() {
            out.push_str(&format!("{title}（{} 份）：\r\n", rows.len()));
            for row in rows {
                out.push_str(&format!("  {row}\r\n"));
            }
        }
    }
    out.push_str(&format!(
        "共 {} 份：成功 {written} 份，失败 {failed} 份，同名冲突 {conflicts} 份，其中 {with_warnings} 份有警告。\r\n",
        records.len()
    ));
    out
}

/// The `--summary` file of `gongwen batch` (without the time taken).
fn summary_json(records: &[Record]) -> String {
    let (written, with_warnings, failed, conflicts) = counts(records);
    let results: Vec<_> = records.iter().map(summary::result_value).collect();
    let value = serde_json::json!({
        "conflicts": conflicts, "failed": failed, "results": results,
        "total": records.len(), "with_warnings": with_warnings, "written": written,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn refused(status: StatusCode, message: String) -> Response {
    problem(status, format!("{message}；没有生成任何报告"))
}

/// The `.json` entries of an uploaded zip, by name, each read within the limits.
fn unzip(bytes: &[u8]) -> Result<Vec<Entry>, Response> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| refused(StatusCode::BAD_REQUEST, format!("上传的文件不是有效的 zip 压缩包：{}", zip_problem(&e))))?;
    if zip.len() > MAX_SERVE_BATCH_ENTRIES {
        return Err(refused(StatusCode::PAYLOAD_TOO_LARGE, format!("压缩包里有 {} 个条目，超过上限 {MAX_SERVE_BATCH_ENTRIES} 个", zip.len())));
    }
    let bomb = || refused(StatusCode::PAYLOAD_TOO_LARGE, format!("压缩包展开后超过 {MAX_SERVE_EXPANDED_BYTES} 字节（疑似“压缩炸弹”），已拒绝"));
    let bad = |e: zip::result::ZipError| refused(StatusCode::BAD_REQUEST, format!("压缩包无法读取：{}", zip_problem(&e)));
    // Declared sizes first: a bomb is refused before a single byte is inflated.
    let mut declared: u64 = 0;
    let mut inputs = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(bad)?;
        if f.is_dir() {
            continue;
        }
        // Every entry counts, answers file or not: the zip as a whole must be sound.
        let name = entry_name(f.name_raw());
        declared = declared.saturating_add(f.size());
        if f.size() > 1024 * 1024 && f.size() / f.compressed_size().max(1) > MAX_DOCX_PART_RATIO {
            return Err(refused(StatusCode::PAYLOAD_TOO_LARGE, format!("条目「{}」的压缩比超过 {MAX_DOCX_PART_RATIO} 倍（疑似“压缩炸弹”），已拒绝", crate::diag::printable(&name))));
        }
        if name.to_lowercase().ends_with(".json") {
            inputs.push((name, i, f.size()));
        }
    }
    if declared > MAX_SERVE_EXPANDED_BYTES {
        return Err(bomb());
    }
    if inputs.is_empty() {
        return Err(problem(StatusCode::BAD_REQUEST, "压缩包里没有 .json 答案文件"));
    }
    inputs.sort();
    let mut expanded: u64 = 0;
    let mut out = Vec::with_capacity(inputs.len());
    for (name, i, size) in inputs {
        if size > MAX_INPUT_BYTES as u64 {
            let d = Diagnostic::error(too_large(Some(size))).in_file(&name);
            out.push((name, Err(d)));
            continue;
        }
        let mut f = zip.by_index(i).map_err(bad)?;
        let method = f.compression();
        let mut bytes = Vec::with_capacity(size as usize);
        let read = (&mut f).take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes);
        expanded += bytes.len() as u64;
        if expanded > MAX_SERVE_EXPANDED_BYTES {
            return Err(bomb());
        }
        let bytes = match read {
            Err(e) => Err(Diagnostic::error(format!("无法读取：{}", cause::entry_read(&e, method))).in_file(&name)),
            Ok(_) if bytes.len() > MAX_INPUT_BYTES => Err(Diagnostic::error(too_large(None)).in_file(&name)),
            Ok(_) => Ok(bytes),
        };
        out.push((name, bytes));
    }
    Ok(out)
}

/// The words `gongwen batch` uses for a file over [`MAX_INPUT_BYTES`] (a size its zip entry
/// declares, or none when it only turned out larger as it was inflated).
fn too_large(len: Option<u64>) -> String {
    crate::read::ReadError::TooLarge { len, limit: MAX_INPUT_BYTES as u64 }.to_string()
}

/// Why an uploaded zip cannot be read, in the words of an upload ([`cause::zip`] speaks of
/// a .docx).
fn zip_problem(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::InvalidArchive(what) if ["end of central directory", "eocd"].iter().any(|k| what.to_ascii_lowercase().contains(k)) => {
            "找不到压缩包的目录：文件不是 zip 压缩包，或者已损坏、不完整（例如没有上传完）".into()
        }
        ZipError::UnsupportedArchive(what) if *what == ZipError::PASSWORD_REQUIRED => "压缩包设了密码；请去掉密码后重新压缩".into(),
        ZipError::InvalidPassword => "压缩包设了密码；请去掉密码后重新压缩".into(),
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => "压缩包使用了不支持的 zip 功能；请用系统自带的「压缩」重新打包".into(),
        _ => "压缩包的结构已损坏".into(),
    }
}

/// An entry's name: UTF-8 (what the zip of any current tool holds), else GBK (what Windows'
/// own 「发送到压缩文件夹」 writes on a Chinese system).
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GBK.decode(raw).0.into_owned(),
    }
}
