//! The author's files as text: parsed with bounds, and their errors said in Chinese with the
//! file, line and column — Handlebars' and serde's own messages are English and name
//! positions a county IT person cannot map back.

use handlebars::template::Template as Parsed;
use handlebars::{RenderError, RenderErrorReason, TemplateErrorReason};

/// Deepest nesting of `{{#…}}` blocks a skeleton or partial may have. The parser recurses
/// once per level: a file of 100,000 `{{#if a}}` must be refused before it is parsed.
pub const MAX_BLOCK_DEPTH: usize = 32;

/// Deepest nesting of `( )` inside one `{{ }}`, for the same reason.
const MAX_PAREN_DEPTH: usize = 8;

/// Most `{{ }}` in one kind's files together. The parser finds each element's line and column by counting
/// from the start of the file, so loading takes time quadratic in their number: measured
/// (release build), 18,000 of them took 11 s; 4,000 take well under a second. The built-in
/// skeleton has about 60.
pub const MAX_EXPRESSIONS: usize = 4_000;

/// Parses a Handlebars file; `file` names it in the error. `budget` is the number of
/// `{{ }}` the kind's files may still have (see [`MAX_EXPRESSIONS`]).
pub fn compile(file: &str, text: &str, budget: &mut usize) -> Result<Parsed, String> {
    nesting(text, budget).map_err(|(line, column, what)| format!("{file} 第 {line} 行第 {column} 列：{what}"))?;
    Parsed::compile_with_name(text, file.to_owned()).map_err(|e| {
        let why = match e.reason() {
            TemplateErrorReason::MismatchingClosedHelper(open, close) | TemplateErrorReason::MismatchingClosedDecorator(open, close) => {
                format!("{{{{#{}}}}} 与 {{{{/{}}}}} 不配对", printable(open), printable(close))
            }
            TemplateErrorReason::InvalidParam(p) => format!("参数「{}」写法不对", printable(p)),
            TemplateErrorReason::NestedSubexpression => "不支持这样嵌套的子表达式".to_owned(),
            _ => "Handlebars 语法错误（检查花括号是否成对、{{#…}} 是否都有对应的 {{/…}}）".to_owned(),
        };
        match e.pos() {
            Some((line, column)) => format!("{file} 第 {line} 行第 {column} 列：{why}"),
            None => format!("{file}：{why}"),
        }
    })
}

/// The first place where blocks or parentheses nest too deep: (line, column, why).
fn nesting(text: &str, budget: &mut usize) -> Result<(), (usize, usize, String)> {
    let (mut blocks, mut parens, mut inside) = (0usize, 0usize, false);
    let (mut line, mut column) = (1, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column) = (line + 1, 0);
            continue;
        }
        if !inside && c == '{' && chars.peek() == Some(&'{') {
            chars.next();
            column += 1;
            inside = true;
            parens = 0;
            if *budget == 0 {
                return Err((line, column - 1, format!("模板各文件的 {{{{ }}}} 合计超过 {MAX_EXPRESSIONS} 处，不像是报告骨架")));
            }
            *budget -= 1;
            match chars.peek() {
                Some('#') => blocks += 1,
                Some('/') => blocks = blocks.saturating_sub(1),
                _ => {}
            }
            if blocks > MAX_BLOCK_DEPTH {
                return Err((line, column - 1, format!("{{{{#…}}}} 块嵌套超过 {MAX_BLOCK_DEPTH} 层")));
            }
        } else if inside && c == '}' && chars.peek() == Some(&'}') {
            inside = false;
        } else if inside && c == '(' {
            parens += 1;
            if parens > MAX_PAREN_DEPTH {
                return Err((line, column, format!("括号嵌套超过 {MAX_PAREN_DEPTH} 层")));
            }
        } else if inside && c == ')' {
            parens = parens.saturating_sub(1);
        }
    }
    Ok(())
}

/// A JSON file's error, without the file name: 「第 3 行第 5 列：格式不对，…」.
pub fn json_problem(e: &serde_json::Error) -> String {
    let what = e.to_string();
    // serde appends " at line L column C"; the position is given in Chinese instead.
    let what = what.split(" at line ").next().unwrap_or(&what);
    let quoted = |s: &str| s.split('`').nth(1).map(|q| printable(q).into_owned()).unwrap_or_default();
    let why = if e.is_eof() {
        "文件不完整（括号或引号没有闭合）".to_owned()
    } else if e.is_syntax() {
        "不是正确的 JSON（检查逗号、引号和括号）".to_owned()
    } else if what.starts_with("unknown field") {
        let expected = what.split_once("expected ").map(|x| x.1.trim_start_matches("one of ").replace('`', "")).unwrap_or_default();
        format!("不认识的键「{}」{}", quoted(what), if expected.is_empty() { String::new() } else { format!("（可用的键：{}）", printable(&expected)) })
    } else if what.starts_with("missing field") {
        format!("缺少键「{}」", quoted(what))
    } else if what.starts_with("duplicate field") {
        format!("键「{}」重复", quoted(what))
    } else if what.starts_with("unknown variant") {
        format!("不认识的取值「{}」", quoted(what))
    } else if what.starts_with("invalid type") || what.starts_with("invalid value") {
        let expected = what.split_once("expected ").map(|x| x.1).unwrap_or("");
        format!("值的类型不对（应为{}）", expected_in_chinese(expected))
    } else {
        format!("内容不合要求（{}）", printable(what))
    };
    if e.line() > 0 {
        format!("第 {} 行第 {} 列：格式不对，{why}", e.line(), e.column())
    } else {
        format!("格式不对，{why}")
    }
}

/// The line of the first rule [`crate::rules::check_definition`] refuses: the rule's
/// `"rule"` key, counted in the `"rules"` array of the file's text.
pub fn rule_line(q: &crate::questionnaire::Questionnaire, text: &str) -> Option<usize> {
    let bad = (0..q.rules.len()).find(|&i| {
        let one = crate::questionnaire::Questionnaire { rules: vec![q.rules[i].clone()], ..q.clone() };
        crate::rules::check_definition(&one).is_err()
    })?;
    let start = text.find("\"rules\"")?;
    let key = regex::Regex::new(r#""rule"\s*:"#).ok()?;
    let at = start + key.find_iter(&text[start..]).nth(bad)?.start();
    Some(text[..at].matches('\n').count() + 1)
}

/// The line of a field's `"key"` in the file's text, found by looking for each key of its
/// path after the one before (an object's fields follow its own key).
pub fn field_line(text: &str, keys: &[String]) -> Option<usize> {
    let mut at = text.find("\"fields\"")?;
    for key in keys {
        let quoted = serde_json::to_string(key).ok()?;
        let pattern = regex::Regex::new(&format!(r#""key"\s*:\s*{}"#, regex::escape(&quoted))).ok()?;
        at += pattern.find(&text[at..])?.start();
    }
    Some(text[..at].matches('\n').count() + 1)
}

/// serde's name of the expected type, in words an author knows.
fn expected_in_chinese(expected: &str) -> String {
    let e = expected.trim();
    let word = if e.contains("string") {
        "文字（加引号）"
    } else if e.contains("sequence") {
        "列表 [ ]"
    } else if e.contains("map") || e.starts_with("struct") {
        "对象 { }"
    } else if e.contains("bool") {
        " true 或 false"
    } else if e.starts_with('u') || e.starts_with('i') || e.contains("integer") {
        "整数"
    } else {
        return format!(" {}", printable(e));
    };
    word.to_owned()
}

/// A Handlebars error while filling a skeleton, in Chinese, pointing into the author's file.
pub fn render_problem(e: &RenderError) -> String {
    let why = match e.reason() {
        RenderErrorReason::PartialNotFound(name) => format!("没有子模板「{}」", printable(name)),
        RenderErrorReason::HelperNotFound(name) => format!("没有函数「{}」", printable(name)),
        RenderErrorReason::ParamNotFoundForIndex(helper, i) => format!("函数「{}」缺少第 {} 个参数", helper_name(helper), i + 1),
        RenderErrorReason::ParamNotFoundForName(helper, name) => format!("函数「{}」缺少参数（{}）", helper_name(helper), printable(name)),
        RenderErrorReason::ParamTypeMismatchForName(helper, name, want) => {
            format!("函数「{}」的参数（{}）类型不对，应为{}", helper_name(helper), printable(name), expected_in_chinese(want))
        }
        RenderErrorReason::InvalidParamType(want) => format!("参数类型不对（应为 {}）", printable(want)),
        RenderErrorReason::BlockContentRequired => "这个函数要以块的形式使用（{{#…}}…{{/…}}）".to_owned(),
        RenderErrorReason::CannotIncludeSelf => "子模板不能包含它自己".to_owned(),
        other => format!("填写时出错（{}）", printable(&other.to_string())),
    };
    let file = e.template_name.as_deref().map(printable).unwrap_or_default();
    match (e.line_no, e.column_no) {
        (Some(line), Some(column)) => format!("{file} 第 {line} 行第 {column} 列：{why}"),
        _ if !file.is_empty() => format!("{file}：{why}"),
        _ => why,
    }
}

fn helper_name(rust: &str) -> std::borrow::Cow<'_, str> {
    printable(super::helpers::author_name(rust))
}

fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    crate::diag::printable(s)
}
