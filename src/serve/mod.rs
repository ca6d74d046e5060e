//! `gongwen serve`: the questionnaire as a local web form, for clerks who never open a
//! terminal.
//!
//! One process serves an embedded page ([`page`]: HTML, CSS and vanilla JavaScript, no CDN)
//! and the small JSON API it uses ([`api`]): the report kinds, a kind's questionnaire,
//! validate (the same [`crate::validate::validate`] as `gongwen validate`), render (the same
//! bytes as `gongwen render`) and batch ([`upload`]: a zip of answers files in, a zip of
//! reports and the batch summary out). Nothing is written to disk: every answer, report and
//! zip lives in the request's memory only.
//!
//! Safe by default ([`guard`]): the server binds 127.0.0.1; a request whose `Host` or
//! `Origin` is not the served address is refused (DNS rebinding, cross-site posts); API posts
//! must say `application/json` (batch: `application/zip`), which a cross-site form cannot
//! send without a preflight that is never granted; bodies, uploads, expanded sizes, request
//! time and concurrent renders are bounded ([`crate::limits`]). `--listen ADDR` serves a
//! county's LAN: then every request must carry the access token printed at start.

mod api;
mod guard;
mod page;
mod reply;
mod slots;
mod upload;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;

use crate::limits::SERVE_MAX_CONNECTIONS;
use crate::template::Template;

pub use slots::Slots;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; 127.0.0.1 unless the county asks for `--listen`.
    pub addr: SocketAddr,
    /// `--listen`: reachable from other machines, so an access token is required.
    pub public: bool,
    /// The report kinds offered, the first one preselected.
    pub kinds: Vec<Arc<Template>>,
    /// Longest time for one request, body upload included.
    pub request_timeout: Duration,
    /// Most renders at once (validate, render, batch).
    pub max_renders: usize,
}

/// A bound server, not yet serving: the caller prints its address first.
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    /// The address actually bound (port 0 becomes a free port).
    pub addr: SocketAddr,
}

/// What every request handler can see.
pub(crate) struct State {
    pub kinds: Vec<Arc<Template>>,
    /// `Host` values that name this server (`127.0.0.1:8080`, `localhost:8080`); empty when
    /// listening on every address, where the `Host` is whatever the LAN calls this machine.
    pub hosts: Vec<String>,
    pub token: Option<String>,
    pub timeout: Duration,
    pub slots: Slots,
}

impl State {
    pub fn kind(&self, id: &str) -> Option<&Arc<Template>> {
        self.kinds.iter().find(|t| t.id() == id)
    }
}

/// Binds the address (port 0: any free port) and prepares the server.
pub fn bind(config: Config) -> std::io::Result<Server> {
    let listener = TcpListener::bind(config.addr)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let token = config.public.then(guard::new_token);
    let renders = if config.max_renders == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { config.max_renders };
    let state = State { kinds: config.kinds, hosts: served_hosts(addr), token, timeout: config.request_timeout, slots: Slots::new(renders) };
    Ok(Server { listener, state: Arc::new(state), addr })
}

/// The `Host` header values a browser sends for this address.
fn served_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    match addr.ip() {
        ip if ip.is_unspecified() => Vec::new(),
        IpAddr::V4(ip) if ip.is_loopback() => vec![format!("{ip}:{port}"), format!("localhost:{port}")],
        IpAddr::V6(ip) if ip.is_loopback() => vec![format!("[{ip}]:{port}"), format!("localhost:{port}")],
        IpAddr::V4(ip) => vec![format!("{ip}:{port}")],
        IpAddr::V6(ip) => vec![format!("[{ip}]:{port}")],
    }
}

impl Server {
    /// The address to open in a browser (with the access token when there is one).
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            ip if ip.is_unspecified() => format!("本机IP地址:{}", self.addr.port()),
            _ => self.addr.to_string(),
        };
        match &self.state.token {
            Some(t) => format!("http://{host}/?token={t}"),
            None => format!("http://{host}/"),
        }
    }

    /// The access token required on every request (`--listen` only).
    pub fn token(&self) -> Option<&str> {
        self.state.token.as_deref()
    }

    /// Serves until the process ends.
    ///
    /// The accept loop is ours rather than `axum::serve`'s, for two bounds that one does not
    /// set: the time a client may take to send a request's head (hyper's
    /// `header_read_timeout` needs a timer, which `axum::serve` does not give it: a client
    /// sending one header byte a minute would hold its connection for ever), and the number
    /// of connections served at once ([`SERVE_MAX_CONNECTIONS`]; the rest wait in the
    /// system's listen queue).
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let head_timeout = self.state.timeout;
        let app = router(self.state);
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            let connections = Arc::new(tokio::sync::Semaphore::new(SERVE_MAX_CONNECTIONS));
            loop {
                let Ok(permit) = connections.clone().acquire_owned().await else { return Ok(()) };
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors, a connection reset before accept: wait, go on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                tokio::spawn(async move {
                    let mut http = hyper::server::conn::http1::Builder::new();
                    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(head_timeout);
                    let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
                    drop(permit);
                });
            }
        })
    }
}

/// Every route, behind the guard.
fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/zip.js", get(page::zip_script))
        .route("/api/kinds", get(api::kinds))
        .route("/api/kinds/{id}/questionnaire", get(api::questionnaire))
        .route("/api/kinds/{id}/validate", post(api::validate))
        .route("/api/kinds/{id}/render", post(api::render))
        .route("/api/kinds/{id}/batch", post(upload::batch))
        .fallback(reply::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::check))
        .with_state(state)
}
