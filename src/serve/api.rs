//! The JSON API behind the page (documented in the README, 「网页填写」):
//! `GET /api/kinds`, `GET /api/kinds/{id}/questionnaire`, `POST /api/kinds/{id}/validate`,
//! `POST /api/kinds/{id}/render` (and the batch of [`super::upload`]).
//!
//! A post carries `{"answers": 答案, "defaults": 县级默认值（可省略）, "strict": false}`.
//! The answers and the defaults are passed to the library as the exact text the client
//! sent (`RawValue`), so a validate or a render here reads what `gongwen validate` and
//! `gongwen render` read from the same answers file: the same messages, the same bytes.

use std::sync::Arc;

use axum::extract::{Path, Request, State as Extract};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use super::reply::{download, json, problem, problem_with};
use super::State;
use crate::defaults::Defaults;
use crate::diag::{has_errors, listed, tally, Diagnostic};
use crate::inspect::{self, outline};
use crate::limits::MAX_SERVE_JSON_BYTES;
use crate::output::file_name_for;
use crate::render::{render_bytes_with_defaults, Options};
use crate::template::Template;

/// How diagnostics name the two inputs of a post.
pub const ANSWERS_LABEL: &str = "答案";
pub const DEFAULTS_LABEL: &str = "默认值";

pub const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `GET /api/kinds`: every kind offered, `[{"id", "name", "title"}]`.
pub async fn kinds(Extract(state): Extract<Arc<State>>) -> Response {
    let list: Vec<_> = state.kinds.iter().map(|t| json!({ "id": t.id(), "name": t.name(), "title": t.questionnaire.title })).collect();
    json(json!(list))
}

/// `GET /api/kinds/{id}/questionnaire`: the questionnaire definition the form is built from.
pub async fn questionnaire(Extract(state): Extract<Arc<State>>, Path(id): Path<String>) -> Response {
    match kind(&state, &id) {
        Ok(t) => json(serde_json::to_value(&t.questionnaire).unwrap_or_default()),
        Err(r) => r,
    }
}

/// `POST /api/kinds/{id}/validate`: every finding (as `gongwen validate --json`) and, when
/// there is no error, the outline `gongwen dump` prints for the report and its file name.
pub async fn validate(Extract(state): Extract<Arc<State>>, Path(id): Path<String>, req: Request) -> Response {
    answers_post(&state, &id, req, validate_now).await
}

/// `POST /api/kinds/{id}/render`: the .docx, named by the report's title; 422 with the
/// diagnostics when the answers cannot be rendered.
pub async fn render(Extract(state): Extract<Arc<State>>, Path(id): Path<String>, req: Request) -> Response {
    answers_post(&state, &id, req, render_now).await
}

/// A post of one answers file to kind `id`: the kind looked up, the body read within the
/// JSON limit, then `now` on a render slot.
async fn answers_post(state: &State, id: &str, req: Request, now: fn(&Arc<Template>, &[u8]) -> Response) -> Response {
    let tpl = match kind(state, id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let body = match read_body(req, MAX_SERVE_JSON_BYTES).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    run(state, move || now(&tpl, &body)).await
}

/// Runs a render on its slot; a panic (a bug) is a Chinese 500, never a trace.
pub async fn run(state: &State, work: impl FnOnce() -> Response + Send + 'static) -> Response {
    state.slots.run(work).await.unwrap_or_else(|_| problem(StatusCode::INTERNAL_SERVER_ERROR, "内部错误：生成时程序出错（这是 gongwen 的缺陷，请把答案文件交给技术人员）"))
}

/// The kind named in the path.
pub fn kind(state: &State, id: &str) -> Result<Arc<Template>, Response> {
    state.kind(id).cloned().ok_or_else(|| problem(StatusCode::NOT_FOUND, format!("没有名为「{}」的报告模板", crate::diag::printable(id))))
}

/// Reads a request body of at most `limit` bytes: 413 as soon as it is known to be larger
/// (its `Content-Length`, or the bytes received), without reading the rest.
pub async fn read_body(req: Request, limit: usize) -> Result<Vec<u8>, Response> {
    let too_large = || problem(StatusCode::PAYLOAD_TOO_LARGE, format!("请求体超过上限 {limit} 字节，没有处理"));
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = req.into_body();
    let mut out = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| problem(StatusCode::BAD_REQUEST, "请求体没有完整收到（连接中断）"))?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(too_large());
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

/// A post's body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission<'a> {
    #[serde(borrow)]
    answers: &'a RawValue,
    #[serde(borrow, default)]
    defaults: Option<&'a RawValue>,
    #[serde(default)]
    strict: bool,
}

/// Parses the body: malformed JSON is a 400 with the CLI's own message (line and column).
fn submission(body: &[u8]) -> Result<Submission<'_>, Response> {
    // An object only (serde would also take `[answers, defaults]`).
    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if let (true, Ok(s)) = (object, serde_json::from_slice::<Submission>(body)) {
        return Ok(s);
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(problem(StatusCode::BAD_REQUEST, "请求体不是有效的 UTF-8 文本"));
    };
    if let Err(d) = crate::json::parse(text) {
        return Err(problem_with(StatusCode::BAD_REQUEST, "请求体不是有效的 JSON", &[d.in_file("请求体")]));
    }
    Err(problem(StatusCode::BAD_REQUEST, "请求体应为 {\"answers\": 答案, \"defaults\": 县级默认值（可省略）, \"strict\": false（可省略）}"))
}

/// The county defaults of a post, parsed; `Err` holds their errors.
fn defaults_of(sub: &Submission, tpl: &Template, found: &mut Vec<Diagnostic>) -> Result<Option<Defaults>, ()> {
    let Some(raw) = sub.defaults.filter(|d| d.get() != "null") else { return Ok(None) };
    match Defaults::parse(raw.get().as_bytes(), DEFAULTS_LABEL, tpl) {
        Ok((d, warnings)) => {
            found.extend(warnings);
            Ok(Some(d))
        }
        Err(errors) => {
            found.extend(errors);
            Err(())
        }
    }
}

fn validate_now(tpl: &Arc<Template>, body: &[u8]) -> Response {
    let sub = match submission(body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut found = Vec::new();
    let defaults = defaults_of(&sub, tpl, &mut found);
    let mut preview = None;
    if let Ok(defaults) = &defaults {
        let answers = sub.answers.get().as_bytes();
        found.extend(crate::validate::validate(answers, ANSWERS_LABEL, defaults.as_ref(), tpl));
        if !has_errors(&found) {
            let options = Options { strict: false, template: tpl.clone() };
            if let Ok(report) = render_bytes_with_defaults(answers, ANSWERS_LABEL, defaults.as_ref(), &options) {
                let text = inspect::read(&report.docx).map(|d| outline::dump(&d)).unwrap_or_default();
                preview = Some((text, file_name_for(&report.document.meta.title)));
            }
        }
    }
    let (errors, warnings) = tally(&found);
    let (outline, file) = preview.unzip();
    json(json!({ "diagnostics": listed(&found), "errors": errors, "warnings": warnings, "outline": outline, "file": file }))
}

fn render_now(tpl: &Arc<Template>, body: &[u8]) -> Response {
    let sub = match submission(body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut found = Vec::new();
    let Ok(defaults) = defaults_of(&sub, tpl, &mut found) else {
        return problem_with(StatusCode::UNPROCESSABLE_ENTITY, "没有生成报告：默认值有问题", &found);
    };
    if sub.strict && !found.is_empty() {
        let errors: Vec<Diagnostic> = found.into_iter().map(|d| Diagnostic { severity: crate::diag::Severity::Error, ..d }).collect();
        return problem_with(StatusCode::UNPROCESSABLE_ENTITY, "没有生成报告：严格模式下默认值不能有警告", &errors);
    }
    let options = Options { strict: sub.strict, template: tpl.clone() };
    match render_bytes_with_defaults(sub.answers.get().as_bytes(), ANSWERS_LABEL, defaults.as_ref(), &options) {
        Ok(report) => {
            let warnings = found.len() + report.warnings.len();
            let mut response = download(report.docx, DOCX_TYPE, &file_name_for(&report.document.meta.title));
            response.headers_mut().insert("x-gongwen-warnings", HeaderValue::from(warnings));
            response
        }
        Err(diags) => problem_with(StatusCode::UNPROCESSABLE_ENTITY, format!("没有生成报告：请先改正以下 {} 处问题", tally(&diags).0), &diags),
    }
}
