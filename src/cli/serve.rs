//! `gongwen serve [--port 8080] [--listen ADDR] [--template ID] [--open]`: the questionnaire
//! as a web form in the clerk's browser (see [`gongwen::serve`]).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use gongwen::limits::{SERVE_MAX_RENDERS, SERVE_REQUEST_SECONDS};
use gongwen::serve::{self, Config};
use gongwen::template::{self, Template};

use super::{EXIT_PROBLEM, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 端口（只在本机 127.0.0.1 上提供服务；0 表示任选一个空闲端口）
    #[arg(long, default_value_t = 8080, value_name = "端口")]
    pub port: u16,
    /// 在县内网上提供服务的地址，例如 0.0.0.0:8080 或 192.0.2.10:8080：其他计算机可以访问，每个请求都要带启动时显示的访问令牌
    #[arg(long, value_name = "地址", conflicts_with = "port")]
    pub listen: Option<SocketAddr>,
    /// 启动后用默认浏览器打开页面
    #[arg(long)]
    pub open: bool,
    /// 一个请求（含上传）最长的处理时间，单位秒
    #[arg(long, default_value_t = SERVE_REQUEST_SECONDS, value_name = "秒", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
    /// 同时生成的报告最多几份（检查、生成、批量）；0 表示与处理器核数相同
    #[arg(long, default_value_t = SERVE_MAX_RENDERS as u64, value_name = "份数", value_parser = clap::value_parser!(u64).range(0..=64))]
    pub max_renders: u64,
    /// 报告模板：模板名称或模板文件夹，放在列表最前面并默认选中（内置模板仍然列出）
    #[arg(long, value_name = "模板")]
    pub template: Option<String>,
}

pub fn run(args: Args) -> u8 {
    let mut kinds: Vec<Arc<Template>> = Vec::new();
    if let Some(value) = &args.template {
        match (super::TemplateArg { template: Some(value.clone()) }).resolve(None) {
            Ok(t) => kinds.push(t),
            Err(status) => return status,
        }
    }
    for id in template::ids() {
        if let Some(t) = template::builtin(id) {
            if !kinds.iter().any(|k| k.id() == t.id()) {
                kinds.push(t.clone());
            }
        }
    }
    let public = args.listen.is_some();
    let addr = args.listen.unwrap_or(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)));
    let config = Config {
        addr,
        public,
        kinds,
        request_timeout: Duration::from_secs(args.request_timeout),
        max_renders: args.max_renders as usize,
    };
    let server = match serve::bind(config) {
        Ok(s) => s,
        Err(e) => {
            err!("无法在 {addr} 上提供服务：{}", gongwen::syserr::reason(&e));
            if e.kind() == std::io::ErrorKind::AddrInUse {
                err!("这个端口已被占用（也许 gongwen serve 已经在运行）；请用 --port 换一个端口");
            }
            return EXIT_USAGE;
        }
    };
    let url = server.url();
    if let Some(token) = server.token() {
        err!("警告：--listen 使本服务可以从其他计算机访问。只在可信的县内网中使用；答案和报告以明文（HTTP）传输。");
        err!("每个请求都需要访问令牌，请只把它告诉需要填写的人员。");
        out!("访问令牌：{token}");
    }
    out!("gongwen serve 已启动：{url}");
    out!("请在浏览器中打开上面的地址；按 Ctrl+C 停止。");
    if args.open {
        open_browser(&url);
    }
    match server.run() {
        Ok(()) => super::EXIT_OK,
        Err(e) => {
            err!("服务出错停止：{}", gongwen::syserr::reason(&e));
            EXIT_PROBLEM
        }
    }
}

/// Asks the desktop to open the page; a failure only says so (the address is printed).
fn open_browser(url: &str) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        err!("无法自动打开浏览器（{}）；请手动打开上面的地址", gongwen::syserr::reason(&e));
    }
}
