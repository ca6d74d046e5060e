//! Step 2: text → JSON value, with syntax errors a clerk can act on.
//!
//! serde_json does the parsing; this module adds what a clerk needs: the message in
//! Chinese, the line and the column counted in characters (serde_json counts bytes), the
//! offending line as a snippet, and a word about the classic mistake of typing Chinese
//! punctuation (「，」「：」「“」) where JSON wants ASCII. Nesting deeper than
//! [`MAX_JSON_DEPTH`] is refused by a cheap scan, before the parser recurses.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Severity, MAX_KEPT};
use crate::limits::MAX_JSON_DEPTH;

/// Snippets longer than this (in characters) are left out: a caret under a minified
/// one-line file helps nobody.
const MAX_SNIPPET_CHARS: usize = 200;

/// Parses the answers text into a JSON value.
// Diagnostic is the project-wide error type; an error ends the run, so its size is
// irrelevant here.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    parse_with_warnings(text).map(|(value, _)| value)
}

/// [`parse`], and a warning for every key that occurs twice in one object (serde_json
/// would keep the last value silently), in the order the repeats occur.
///
/// One walk does it all: the value is built by our own visitor, which also records the
/// repeated keys and stops at the first bracket nested deeper than [`MAX_JSON_DEPTH`].
/// (Measured with callgrind: parsing, then walking the text again for repeated keys and
/// once more for the depth, cost about a sixth of a whole batch report.)
pub fn parse_with_warnings(text: &str) -> Result<(Value, Vec<Diagnostic>), Diagnostic> {
    parse_with_literals(text).map(|(value, warnings, _)| (value, warnings))
}

/// [`parse_with_warnings`], and the text of every number that the parsed value does not
/// show as written (see [`Literals`]), for messages that quote the user's number.
pub fn parse_with_literals(text: &str) -> Result<(Value, Vec<Diagnostic>, Literals), Diagnostic> {
    let mut path = String::new();
    let mut found = Found::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let walk = Walk { depth: 0, path: &mut path, found: &mut found };
    let parsed = serde::de::DeserializeSeed::deserialize(walk, &mut de).and_then(|value| de.end().map(|()| value));
    match parsed {
        Ok(value) => {
            let literals = literals(text, &found.inexact);
            let mut warnings: Vec<Diagnostic> = found.repeated.into_iter().map(repeated_key).collect();
            if found.seen.len() > MAX_KEPT {
                warnings.push(Diagnostic::omitted(Severity::Warning, found.seen.len() - MAX_KEPT));
            }
            Ok((value, warnings, literals))
        }
        Err(e) => {
            // The walk stopped at the first over-deep bracket; the scan finds its position.
            // (It always finds one: the walk only stops where the text nests that deep.)
            let deep = first_too_deep(text);
            if found.too_deep {
                let (line, column) = deep.unwrap_or((1, 1));
                return Err(depth_error(text, line, column));
            }
            let (line, column) = char_position(text, &e);
            match deep {
                // The syntax error comes later than the over-deep bracket (serde_json stops
                // at its own recursion limit of 128): the depth is the first problem.
                Some(deep) if deep <= (line, column) => Err(depth_error(text, deep.0, deep.1)),
                _ => Err(syntax_error(text, &e, line, column)),
            }
        }
    }
}

fn repeated_key(path: String) -> Diagnostic {
    Diagnostic::warning("字段重复出现，只使用最后一次填写的值")
        .at(path)
        .with_hint("删除多余的一处，或把内容合并到一处")
}

/// The line and character column of the first `[` or `{` that nests deeper than
/// [`MAX_JSON_DEPTH`], skipping brackets inside strings.
fn first_too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        column += 1;
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_JSON_DEPTH {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if c == '\n' {
            line += 1;
            column = 0;
        }
    }
    None
}

fn depth_error(text: &str, line: usize, column: usize) -> Diagnostic {
    located(
        Diagnostic::error(format!("嵌套层数太多：超过 {MAX_JSON_DEPTH} 层"))
            .with_hint("问卷答案最多只有三层嵌套，请检查是否多写了「[」或「{」"),
        text,
        line,
        column,
    )
}

/// The 1-based line of the given number (without its line ending).
fn line_text(text: &str, line: usize) -> &str {
    let l = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    l.strip_suffix('\r').unwrap_or(l)
}

/// serde_json's position (1-based line, byte column) as 1-based line and character column.
fn char_position(text: &str, e: &serde_json::Error) -> (usize, usize) {
    let line = e.line().max(1);
    let l = line_text(text, line);
    if e.classify() == serde_json::error::Category::Eof {
        // serde_json points at the last character read; the problem is what comes after it.
        return (line, l.chars().count() + 1);
    }
    let mut byte = e.column().saturating_sub(1).min(l.len());
    while !l.is_char_boundary(byte) {
        byte -= 1;
    }
    (line, l[..byte].chars().count() + 1)
}

fn located(d: Diagnostic, text: &str, line: usize, column: usize) -> Diagnostic {
    let d = d.at_line(line, column);
    let l = line_text(text, line);
    if l.trim().is_empty() || l.chars().count() > MAX_SNIPPET_CHARS {
        d
    } else {
        d.with_snippet(l)
    }
}

fn syntax_error(text: &str, e: &serde_json::Error, line: usize, column: usize) -> Diagnostic {
    let found = line_text(text, line).chars().nth(column - 1);
    let d = match found.and_then(ascii_for) {
        Some(ascii) => Diagnostic::error(format!(
            "这里用了中文标点「{}」，JSON 的符号必须是英文半角",
            found.unwrap_or_default()
        ))
        .with_hint(format!("改成英文的「{ascii}」（切换到英文输入法再输入）")),
        None => translate(e, text),
    };
    located(d, text, line, column)
}

/// The ASCII character JSON wants where a clerk typed a Chinese (full-width) one.
fn ascii_for(c: char) -> Option<char> {
    Some(match c {
        '，' | '、' | '；' => ',',
        '：' => ':',
        '“' | '”' | '‘' | '’' | '\'' | '＂' => '"',
        '｛' => '{',
        '｝' => '}',
        '［' | '【' => '[',
        '］' | '】' => ']',
        _ => return None,
    })
}

/// serde_json's English message → a Chinese message with a hint on what to do.
fn translate(e: &serde_json::Error, text: &str) -> Diagnostic {
    let english = e.to_string();
    let english = english
        .rsplit_once(" at line ")
        .map_or(english.as_str(), |(m, _)| m);
    let (message, hint): (&str, Option<&str>) = match english {
        "EOF while parsing a list" => ("文件在列表结束之前就结束了", Some("检查是否少了结尾的「]」")),
        "EOF while parsing an object" => ("文件在对象结束之前就结束了", Some("检查是否少了结尾的「}」")),
        "EOF while parsing a string" => {
            ("文件在文字结束之前就结束了", Some("检查文字结尾是否少了英文双引号「\"」"))
        }
        "EOF while parsing a value" if text.trim().is_empty() => {
            ("文件里没有内容", Some("请填写问卷答案；可以先用 gongwen init 生成一份答案文件"))
        }
        "EOF while parsing a value" => ("文件不完整：这里还缺少一个值", None),
        "expected `:`" => ("字段名后面应有英文冒号「:」", None),
        "expected `,` or `]`" => (
            "列表的两项之间缺少英文逗号「,」，或列表缺少结尾的「]」",
            Some("检查上一项末尾是否漏了逗号"),
        ),
        "expected `,` or `}`" => (
            "两个字段之间缺少英文逗号「,」，或对象缺少结尾的「}」",
            Some("检查上一行末尾是否漏了逗号"),
        ),
        "expected ident" => (
            "无法识别的内容：不加引号的只能是数字、true、false 或 null",
            Some("文字要用英文双引号括起来，例如 \"青山镇\""),
        ),
        "expected value" => (
            "这里应有一个值",
            Some("文字要用英文双引号括起来，数字直接写，例如 \"青山镇\"、18"),
        ),
        "expected `\"`" => ("这里应有英文双引号「\"」", None),
        "invalid escape" => (
            "无效的转义：文字中的反斜杠「\\」要写成「\\\\」",
            Some("换行写成 \\n，引号写成 \\\"，反斜杠写成 \\\\"),
        ),
        "invalid number" => ("数字格式不对", Some("数字不能以 0 开头，也不能只有负号，例如 18")),
        "number out of range" => ("数字太大，超出了可以表示的范围", None),
        "invalid unicode code point" => ("无效的 \\u 字符编码", None),
        "control character (\\u0000-\\u001F) found while parsing a string" => (
            "文字中不能直接含有换行、制表符等控制字符",
            Some("换行请写成 \\n，或检查上一段文字结尾是否少了英文双引号「\"」"),
        ),
        "key must be a string" => ("字段名必须用英文双引号括起来", Some("例如 \"乡镇名称\": \"青山镇\"")),
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => (
            "\\u 转义不完整：\\u 后要有 4 位十六进制数字，\\uD800–\\uDBFF 之后还要紧跟 \\uDC00–\\uDFFF",
            Some("直接输入汉字即可，不必写 \\u 转义"),
        ),
        "trailing comma" => ("最后一项后面多了一个逗号", Some("删除「]」或「}」前面的逗号")),
        "trailing characters" => (
            "JSON 内容已经结束，后面还有多余的字符",
            Some("检查是否多写了「}」或「]」，一个文件只能有一份答案"),
        ),
        "recursion limit exceeded" => ("嵌套层数太多", None),
        _ => {
            return Diagnostic::error(format!("JSON 格式错误（{english}）"))
                .with_hint("请检查这一行的括号、引号和逗号")
        }
    };
    let d = Diagnostic::error(message);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// Warnings for keys that occur twice in one object (see [`parse_with_warnings`]). Call
/// on text that [`parse`] accepted; text that does not parse has none.
pub fn duplicate_keys(text: &str) -> Vec<Diagnostic> {
    parse_with_warnings(text).map(|(_, warnings)| warnings).unwrap_or_default()
}

/// The text of numbers as the user wrote them, by field path, for the numbers parsed as
/// floats, which may read differently once parsed: an integer beyond the 64-bit range, or a
/// number with a fraction or an exponent (`99999999999999999999` would be quoted as `1e20`,
/// `12.50` as `12.5`). A message quotes what the user wrote, not what the parser made of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Literals(HashMap<String, String>);

impl Literals {
    /// The number at `path` as written, when it reads differently once parsed.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }

    /// How a number value is quoted in a message: as written.
    pub fn quote(&self, path: &str, n: &serde_json::Number) -> String {
        self.get(path).map_or_else(|| n.to_string(), str::to_string)
    }
}

/// What the walk finds besides the value.
#[derive(Default)]
struct Found {
    /// The first [`MAX_KEPT`] repeated keys' paths, in the order the repeats occur.
    repeated: Vec<String>,
    /// Every repeated key's path, to warn about each once however often it repeats.
    seen: HashSet<String>,
    /// Numbers read so far.
    numbers: usize,
    /// Which numbers (by their place among all numbers) were parsed as floats, and where.
    inexact: Vec<(usize, String)>,
    /// Set when the walk stops because the nesting is too deep.
    too_deep: bool,
}

/// The written text of the numbers in `inexact` (their place among all numbers of the
/// text, and their path). One scan of the text, only when some number was parsed as a
/// float (rare in answers: integers are read exactly).
fn literals(text: &str, inexact: &[(usize, String)]) -> Literals {
    let mut out = HashMap::new();
    let mut wanted = inexact.iter().peekable();
    let bytes = text.as_bytes();
    let (mut i, mut ordinal, mut in_string, mut escaped) = (0, 0usize, false, false);
    while i < bytes.len() && wanted.peek().is_some() {
        let b = bytes[i];
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                i += 1;
            }
            if let Some((_, path)) = wanted.next_if(|(n, _)| *n == ordinal) {
                out.insert(path.clone(), text[start..i].to_string());
            }
            ordinal += 1;
            continue;
        }
        i += 1;
    }
    Literals(out)
}

/// Builds a JSON value exactly as serde_json's own `Value` does, and on the way records the
/// path of every repeated key and refuses nesting deeper than [`MAX_JSON_DEPTH`].
/// `path` is the path of the value being built; each level appends its key or index and
/// removes it again, so no path is allocated unless a key repeats (or a number is a float).
struct Walk<'a> {
    /// Brackets around the value being built.
    depth: usize,
    path: &'a mut String,
    found: &'a mut Found,
}

impl Walk<'_> {
    /// The walker for a value one bracket further in, or an error when that is too deep.
    fn inner<E: serde::de::Error>(&mut self) -> Result<Walk<'_>, E> {
        if self.depth + 1 > MAX_JSON_DEPTH {
            self.found.too_deep = true;
            return Err(E::custom("nesting too deep"));
        }
        Ok(Walk { depth: self.depth + 1, path: &mut *self.path, found: &mut *self.found })
    }

    /// The walker for one element or member of the container this walker is inside.
    fn child(&mut self) -> Walk<'_> {
        Walk { depth: self.depth, path: &mut *self.path, found: &mut *self.found }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Walk<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        self.found.numbers += 1;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        self.found.numbers += 1;
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // A float may not read as written (see `Literals`): remember which one it is.
        self.found.inexact.push((self.found.numbers, self.path.clone()));
        self.found.numbers += 1;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        use std::fmt::Write;
        let mut walk = self.inner()?;
        let parent = walk.path.len();
        let mut items = Vec::new();
        loop {
            let _ = write!(walk.path, "[{}]", items.len());
            let item = seq.next_element_seed(walk.child())?;
            walk.path.truncate(parent);
            match item {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        use serde_json::map::Entry;
        let mut walk = self.inner()?;
        let parent = walk.path.len();
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if parent > 0 {
                walk.path.push('.');
            }
            walk.path.push_str(&key);
            // The repeat is recorded when its key is read, before anything inside its value.
            match members.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(walk.child())?);
                }
                Entry::Occupied(mut slot) => {
                    // A set, not a search of the list: 700,000 repeated keys took minutes.
                    if walk.found.seen.insert(walk.path.clone()) && walk.found.repeated.len() < MAX_KEPT {
                        walk.found.repeated.push(walk.path.clone());
                    }
                    slot.insert(map.next_value_seed(walk.child())?);
                }
            }
            walk.path.truncate(parent);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests;
