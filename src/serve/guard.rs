//! What every request passes before a handler sees it: the `Host` and `Origin` checks, the
//! access token of `--listen`, the content type of API posts, and the request time limit.
//!
//! Why each: a web page on another site can make the browser send requests to
//! 127.0.0.1 (a cross-site post) or, after rebinding its own domain name to 127.0.0.1, read
//! the answers (DNS rebinding). A rebound request still names the other site in `Host`,
//! and a cross-site request names it in `Origin`: both are refused. A cross-site form can
//! only post `text/plain`, `multipart/form-data` or `application/x-www-form-urlencoded`
//! without asking first (a preflight this server never grants), so API posts must be
//! `application/json` (a batch: `application/zip`).

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use axum::extract::{Request, State as Extract};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::reply::problem;
use super::State;

/// The cookie that carries the access token after the first visit with `?token=`.
const COOKIE: &str = "gongwen_token";

/// A new access token, 32 hexadecimal digits: two SipHash outputs under the 128-bit key the
/// standard library draws from the operating system's random source for `RandomState` (the
/// second `RandomState` of a thread uses the same key with its first half plus one), so
/// guessing it means guessing that key. No crate is needed for this.
pub fn new_token() -> String {
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x0067_6f6e_6777_656e);
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

/// The middleware: refuses what must not reach a handler, bounds the time of the rest and
/// adds the page's safety headers.
pub async fn check(Extract(state): Extract<Arc<State>>, req: Request, next: Next) -> Response {
    if let Some(refusal) = refuse(&state, &req) {
        return refusal;
    }
    let token_in_query = state.token.as_deref().is_some_and(|t| query_token(&req).is_some_and(|q| same(q, t)));
    let seconds = state.timeout.as_secs();
    let mut response = match tokio::time::timeout(state.timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => problem(StatusCode::REQUEST_TIMEOUT, format!("请求超过 {seconds} 秒没有完成，已中止；请检查网络后重试，文件很大时请分批上传")),
    };
    // axum's own refusals (a wrong method, a path or query it cannot read) are English text:
    // the same status with a Chinese message instead.
    let is_json = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status().is_client_error() && !is_json {
        response = problem(response.status(), match response.status() {
            StatusCode::METHOD_NOT_ALLOWED => "这个地址不支持这种请求方法（页面用 GET，接口的提交用 POST）",
            StatusCode::BAD_REQUEST => "请求的地址或参数无法读取（例如不是有效的 UTF-8 百分号编码）",
            _ => "请求有误，没有处理",
        });
    }
    let headers = response.headers_mut();
    // Only this server's own scripts and styles; the page cannot be framed by another site.
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let (true, Some(t)) = (token_in_query, &state.token) {
        if let Ok(v) = HeaderValue::from_str(&format!("{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict")) {
            headers.insert(header::SET_COOKIE, v);
        }
    }
    response
}

/// The refusal for a request that must not be served, if it is one.
fn refuse(state: &State, req: &Request) -> Option<Response> {
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !state.hosts.is_empty() && !state.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Some(problem(StatusCode::FORBIDDEN, format!("拒绝请求：主机名「{}」不是本服务的地址（请用启动时显示的地址打开）", shown(host))));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let allowed = |h: &str| origin.eq_ignore_ascii_case(&format!("http://{h}"));
        let ok = if state.hosts.is_empty() { allowed(host) } else { state.hosts.iter().any(|h| allowed(h)) };
        if !ok {
            return Some(problem(StatusCode::FORBIDDEN, format!("拒绝请求：来自其他网站（{}）的请求不予处理", shown(origin))));
        }
    }
    let api = req.uri().path().starts_with("/api/");
    if api && headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site") {
        return Some(problem(StatusCode::FORBIDDEN, "拒绝请求：来自其他网站的请求不予处理"));
    }
    if let Some(token) = &state.token {
        if !carries_token(headers, req, token) {
            return Some(problem(StatusCode::UNAUTHORIZED, "需要访问令牌：请用启动 gongwen serve 时显示的完整地址（含 ?token=…）打开，或在请求头 Authorization: Bearer 中给出令牌"));
        }
    }
    if api && req.method() == Method::POST {
        let wanted = if req.uri().path().ends_with("/batch") { "application/zip" } else { "application/json" };
        let given = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let essence = given.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case(wanted) {
            return Some(problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("请求的内容类型应为 {wanted}（收到的是「{}」）", shown(given))));
        }
    }
    None
}

/// The token from the header, the cookie or the query.
fn carries_token(headers: &HeaderMap, req: &Request, token: &str) -> bool {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE).and_then(|c| c.strip_prefix('=')));
    [bearer, cookie, query_token(req)].into_iter().flatten().any(|t| same(t, token))
}

fn query_token(req: &Request) -> Option<&str> {
    req.uri().query()?.split('&').find_map(|kv| kv.strip_prefix("token="))
}

/// Compares without stopping at the first difference (no timing hint about the token).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A header value as a message may quote it: short, without control characters.
fn shown(s: &str) -> String {
    crate::diag::printable(&s.chars().take(80).collect::<String>()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_new_each_time_and_compared_whole() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b) && !same(&a, &a[..31]));
    }
}
