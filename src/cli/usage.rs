//! Command-line mistakes in Chinese. clap's own rendering of a parse error is English
//! (「error: unexpected argument '--bogus' found … Usage: …」); clerks read Chinese, so the
//! message is rebuilt from the error's context: what kind of mistake, the argument or value
//! it concerns, the valid values or the option clap suggests, and the command's usage line.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The lines that describe a parse error, the first being the headline.
pub fn describe(e: &clap::Error) -> Vec<String> {
    let text = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("」「")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join("」「")),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => format!("没有「{}」这个命令", text(ContextKind::InvalidSubcommand).unwrap_or_default()),
        ErrorKind::UnknownArgument => format!("不认识的选项或参数「{}」", arg.clone().unwrap_or_default()),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数「{}」", arg.clone().unwrap_or_default()),
        ErrorKind::MissingSubcommand => "缺少命令".to_owned(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => match (&arg, &value) {
            (Some(a), Some(v)) if v.is_empty() => format!("参数「{a}」缺少值"),
            (Some(a), Some(v)) => format!("参数「{a}」的值「{v}」不合要求"),
            (Some(a), None) => format!("参数「{a}」的值不合要求"),
            _ => "参数的值不合要求".to_owned(),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => match &arg {
            Some(a) => format!("参数「{a}」的个数不对"),
            None => "参数的个数不对".to_owned(),
        },
        ErrorKind::ArgumentConflict => match (&arg, text(ContextKind::PriorArg)) {
            (Some(a), Some(p)) => format!("「{a}」和「{p}」不能同时使用"),
            _ => "这些选项不能同时使用".to_owned(),
        },
        _ => "命令用法有误".to_owned(),
    };
    // Arguments come from the command line and may hold control characters: shown escaped.
    let mut lines = vec![format!("用法错误：{}", gongwen::diag::printable(&what))];
    if let Some(valid) = text(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        lines.push(format!("    可以写：「{valid}」"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue] {
        if let Some(s) = text(kind) {
            lines.push(format!("    提示：是否想写「{s}」？"));
        }
    }
    if matches!(e.get(ContextKind::TrailingArg), Some(ContextValue::Bool(true))) {
        if let Some(a) = &arg {
            lines.push(format!("    提示：要把「{a}」当作值而不是选项，在它前面写 --（如 -- {a}）"));
        }
    }
    let usage = text(ContextKind::Usage).and_then(|u| u.trim().strip_prefix("Usage:").map(|u| u.trim().to_owned()));
    match usage {
        Some(usage) => {
            // 「gongwen check --sections <部分> …」: the command is the words before the first
            // option, value or placeholder.
            let command: Vec<&str> = usage.split(' ').take_while(|w| !w.starts_with(['-', '[', '<'])).collect();
            let command = command.join(" ");
            lines.push(format!("用法：{usage}"));
            lines.push(format!("运行 {command} --help 查看用法。"));
        }
        None => lines.push("运行 gongwen --help 查看用法。".to_owned()),
    }
    lines
}
