//! Answers of the API: JSON with a Chinese message (and the diagnostics, when there are
//! some), never a stack trace. Every refusal of the server goes through [`problem`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::diag::{listed, Diagnostic};

/// A refusal: `{"error": "…"}` with the status.
pub fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": message.into() }))).into_response()
}

/// A refusal with the diagnostics that explain it (at most [`crate::diag::MAX_LISTED`]).
pub fn problem_with(status: StatusCode, message: impl Into<String>, diags: &[Diagnostic]) -> Response {
    (status, axum::Json(json!({ "error": message.into(), "diagnostics": listed(diags) }))).into_response()
}

/// A JSON value with status 200.
pub fn json(value: serde_json::Value) -> Response {
    axum::Json(value).into_response()
}

/// A file download: its bytes, its type and its (Chinese) name, RFC 6266/5987 style so that
/// every browser saves it under the report's title.
pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let encoded: String = file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let fallback = if file_name.ends_with(".zip") { "reports.zip" } else { "report.docx" };
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Any path the server does not have.
pub async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "没有这个页面或接口")
}
