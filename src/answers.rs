//! The answers of the built-in questionnaire, as typed Rust values.
//!
//! Built from a JSON value that [`crate::questionnaire`] has validated; every string here is
//! already clean (no characters XML forbids, `\r\n` folded to `\n`). Field names are
//! English for the code; the doc comment of each gives the Chinese key of the answers file.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::defaults::{Defaults, Origins};
use crate::diag::{has_errors, Diagnostic};
use crate::model::Date;
use crate::json::Literals;
use crate::questionnaire::{self, as_integer};

/// The template whose questionnaire these answers follow.
pub const TEMPLATE_ID: &str = "fazhan-dangyuan";

/// The keys of the answers file that the code reads, spelled once here. The fields themselves
/// (types, required, labels, limits) are defined only in the template's `questionnaire.json`;
/// a test checks that these keys and that definition name the same fields.
pub mod key {
    pub const TOWNSHIP: &str = "乡镇名称";
    pub const REPORT_TITLE: &str = "报告标题";
    pub const COMMITTEE: &str = "党委名称";
    pub const RECIPIENT: &str = "主送机关";
    pub const DATE: &str = "成文日期";
    pub const START_YEAR: &str = "自查起始年份";
    pub const END_YEAR: &str = "自查截止年份";
    pub const NOTICE_SOURCE: &str = "通知来源";
    pub const BASICS: &str = "基本情况";
    /// 基本情况.概述
    pub const OVERVIEW: &str = "概述";
    /// 基本情况.村党组织数
    pub const VILLAGES: &str = "村党组织数";
    /// 基本情况.专兼职组织员人数
    pub const ORGANISERS: &str = "专兼职组织员人数";
    /// 基本情况.分年度发展党员数
    pub const YEARLY: &str = "分年度发展党员数";
    /// `基本情况.分年度发展党员数[i].年份`
    pub const YEAR: &str = "年份";
    /// `基本情况.分年度发展党员数[i].人数`
    pub const COUNT: &str = "人数";
    /// 基本情况.三年以上未发展党员村数
    pub const IDLE_VILLAGES: &str = "三年以上未发展党员村数";
    pub const PRACTICES: &str = "主要做法";
    /// `主要做法[i].标题`, `对策建议[i].标题`
    pub const TITLE: &str = "标题";
    /// `主要做法[i].内容`, `对策建议[i].内容`
    pub const CONTENT: &str = "内容";
    pub const PROBLEMS: &str = "存在问题";
    /// 存在问题.引言
    pub const INTRO: &str = "引言";
    /// 存在问题.问题
    pub const PROBLEM_ITEMS: &str = "问题";
    pub const SUGGESTIONS: &str = "对策建议";
    pub const NEXT_YEAR_PLAN: &str = "下年工作计划";
}

/// A township's answers to 「发展党员工作三年自查报告」.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// 乡镇名称
    pub township: String,
    /// 报告标题 (replaces the generated title)
    pub report_title: Option<String>,
    /// 党委名称 (署名)
    pub committee: String,
    /// 主送机关
    pub recipient: Option<String>,
    /// 成文日期
    pub date: Date,
    /// 自查起始年份
    pub start_year: i32,
    /// 自查截止年份
    pub end_year: i32,
    /// 通知来源
    pub notice_source: Option<String>,
    /// 基本情况
    pub basics: Basics,
    /// 主要做法 (at least one)
    pub practices: Vec<TitledItem>,
    /// 存在问题
    pub problems: Problems,
    /// 对策建议 (at least one)
    pub suggestions: Vec<TitledItem>,
    /// 下年工作计划 (may be empty)
    pub next_year_plan: Vec<String>,
}

/// 基本情况
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basics {
    /// 基本情况.概述 (a newline starts a new paragraph)
    pub overview: String,
    /// 基本情况.村党组织数
    pub village_organisations: u32,
    /// 基本情况.专兼职组织员人数
    pub organisers: Option<u32>,
    /// 基本情况.分年度发展党员数, in the order given
    pub yearly: Vec<YearCount>,
    /// 基本情况.三年以上未发展党员村数
    pub villages_without_new_members: Option<u32>,
}

/// One entry of 基本情况.分年度发展党员数.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearCount {
    /// 年份
    pub year: i32,
    /// 人数
    pub count: u32,
}

/// An item of 主要做法 or 对策建议.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitledItem {
    /// 标题
    pub title: String,
    /// 内容
    pub content: String,
}

/// 存在问题
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// 存在问题.引言
    pub intro: Option<String>,
    /// 存在问题.问题 (at least one)
    pub items: Vec<String>,
}

impl Answers {
    /// Number of years covered (截止 − 起始 + 1), at least 1 once validated.
    pub fn years_covered(&self) -> u32 {
        (self.end_year - self.start_year + 1).max(1) as u32
    }

    /// Total members recruited over all listed years.
    pub fn total_recruited(&self) -> u64 {
        self.basics.yearly.iter().map(|y| u64::from(y.count)).sum()
    }
}

/// Decodes, parses and checks an answers file, and builds the typed answers: `Ok` carries
/// the warnings, `Err` every problem found. `file` (as the user named it) is set on every
/// diagnostic.
pub fn load(bytes: &[u8], file: &str) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with_defaults(bytes, file, None).map(|l| (l.answers, l.warnings))
}

/// Answers loaded from a township's file, possibly over a county's defaults.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub answers: Answers,
    /// Warnings, each naming the file its value came from.
    pub warnings: Vec<Diagnostic>,
    /// Which paths came from the defaults file, to name it in later diagnostics.
    pub origins: Origins,
}

/// An answers file as a JSON value, laid over `defaults` when given: decoded, parsed, not
/// yet checked. `Ok` carries the merged value, the origin of each part, the warnings
/// found so far (repeated keys, naming `file`) and the township's numbers as written (for
/// messages); `Err` a decoding or syntax error.
pub fn read(
    bytes: &[u8],
    file: &str,
    defaults: Option<&Defaults>,
) -> Result<(Value, Origins, Vec<Diagnostic>, Literals), Vec<Diagnostic>> {
    let in_file = |d: Diagnostic| d.in_file(file);
    let decoded = crate::decode::decode(bytes).map_err(|d| vec![in_file(d)])?;
    let (value, warnings, literals) = crate::json::parse_with_literals(&decoded.text).map_err(|d| vec![in_file(d)])?;
    let warnings = warnings.into_iter().map(in_file).collect();
    let (value, origins) = match defaults {
        Some(d) => d.merge_under(value),
        None => (value, Origins::default()),
    };
    Ok((value, origins, warnings, literals))
}

/// [`load`] over a county's defaults (see [`crate::defaults`]): the township's answers win.
/// Each diagnostic names the file its value came from: the defaults file for a value taken
/// from there, `file` otherwise. The defaults' own warnings (unknown keys) are not repeated
/// here: [`Defaults::parse`] returned them once.
pub fn load_with_defaults(bytes: &[u8], file: &str, defaults: Option<&Defaults>) -> Result<Loaded, Vec<Diagnostic>> {
    let (value, origins, mut diags, literals) = read(bytes, file, defaults)?;
    match from_json_quoting(&value, &literals) {
        Ok((answers, warnings)) => {
            diags.extend(warnings);
            Ok(Loaded { answers, warnings: origins.attribute(diags, file), origins })
        }
        Err(problems) => {
            diags.extend(problems);
            Err(origins.attribute(diags, file))
        }
    }
}

/// Checks a JSON value against the built-in questionnaire and the rules between fields,
/// and builds the typed answers with every text cleaned (see [`clean_text`]). `Ok` carries
/// the warnings; `Err` all problems, errors and warnings, in the order found.
pub fn from_json(value: &Value) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    from_json_quoting(value, &Literals::default())
}

/// [`from_json`], quoting numbers in messages as the user wrote them (see [`Literals`]).
pub fn from_json_quoting(value: &Value, literals: &Literals) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Some(q) = questionnaire::builtin(TEMPLATE_ID) else {
        return Err(vec![Diagnostic::error(format!(
            "内部错误：找不到模板 {TEMPLATE_ID} 的问卷"
        ))]);
    };
    let mut diags = questionnaire::check_quoting(q, value, literals);
    check_relations(value, &mut diags);
    if has_errors(&diags) {
        return Err(diags);
    }
    match build(value, &mut diags) {
        Some(answers) => Ok((answers, diags)),
        None => {
            diags.push(Diagnostic::error("内部错误：通过检查的答案无法读取"));
            Err(diags)
        }
    }
}

/// True for characters XML 1.0 forbids even when escaped.
pub fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Cleans one text answer: `\r\n` and `\r` become `\n`, a tab becomes a space, characters
/// XML forbids are removed and white space at both ends is trimmed. Returns the text and
/// how many forbidden characters were removed. Characters outside the BMP stay.
pub fn clean_text(s: &str) -> (String, usize) {
    // Most answers have nothing to replace or remove: trimming is all there is to do.
    if !needs_cleaning(s) {
        return (s.trim().to_owned(), 0);
    }
    let mut out = String::with_capacity(s.len());
    let mut removed = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\t' => out.push(' '),
            c if is_xml_forbidden(c) => removed += 1,
            c => out.push(c),
        }
    }
    (out.trim().to_owned(), removed)
}

/// True when [`clean_text`] has more to do than trimming: `s` holds `\r`, a tab or a
/// character XML forbids. In UTF-8 those are the bytes below 0x20 other than `\n`, and
/// U+FFFE / U+FFFF (EF BF BE, EF BF BF), so the test runs on bytes: the control test is
/// written without an early exit, which lets the compiler vectorise it, and the two
/// non-characters are found with a SIMD search. (Measured with callgrind: decoding every
/// character for this test cost as much as the rest of reading the answers' texts.)
fn needs_cleaning(s: &str) -> bool {
    let bytes = s.as_bytes();
    let control = bytes.iter().fold(false, |found, &b| found | (b < 0x20 && b != b'\n'));
    control || memchr::memmem::find_iter(bytes, b"\xEF\xBF").any(|i| bytes.get(i + 2).is_some_and(|&b| b >= 0xBE))
}

/// The value at a path of keys, when it exists.
fn get<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(value, |v, k| v.get(k))
}

/// The field path of a key inside `parent` (`基本情况` + `概述` → `基本情况.概述`).
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// The rules of QUESTIONNAIRE.md that relate fields to each other. A field that already
/// has an error is left out, so one mistake is reported once.
fn check_relations(value: &Value, diags: &mut Vec<Diagnostic>) {
    let bad: HashSet<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.path.clone())
        .collect();
    // Paths are only built to look them up among the errors, and there usually are none:
    // building them for every year of the list cost more than the rules themselves.
    let is_bad = |path: &dyn Fn() -> String| !bad.is_empty() && bad.contains(&path());
    let int = |keys: &[&str]| -> Option<i64> {
        if is_bad(&|| keys.join(".")) {
            return None;
        }
        get(value, keys).and_then(as_integer)
    };
    let start = int(&[key::START_YEAR]);
    let end = int(&[key::END_YEAR]);
    let date_year = if is_bad(&|| key::DATE.to_owned()) {
        None
    } else {
        get(value, &[key::DATE])
            .and_then(Value::as_str)
            .and_then(|s| questionnaire::parse_date(s).ok())
            .map(|d| i64::from(d.year))
    };
    let mut found = Vec::new();

    if let (Some(start), Some(end)) = (start, end) {
        if start > end {
            found.push(
                Diagnostic::error(format!("自查起始年份 {start} 晚于自查截止年份 {end}"))
                    .at(key::START_YEAR)
                    .with_hint("起始年份应不晚于截止年份，例如 2024 到 2026"),
            );
        }
    }
    if let (Some(end), Some(year)) = (end, date_year) {
        if end > year {
            found.push(
                Diagnostic::error(format!("自查截止年份 {end} 晚于成文日期所在的 {year} 年"))
                    .at(key::END_YEAR)
                    .with_hint("检查截止年份和成文日期是否写错"),
            );
        }
    }

    let list_path = join(key::BASICS, key::YEARLY);
    if let Some(items) = get(value, &[key::BASICS, key::YEARLY]).and_then(Value::as_array)
    {
        let range = start.zip(end).filter(|(s, e)| s <= e);
        let mut seen: Vec<(i64, usize)> = Vec::new();
        let mut all_valid = true;
        for (i, item) in items.iter().enumerate() {
            let path = || join(&format!("{list_path}[{i}]"), key::YEAR);
            let year = item
                .get(key::YEAR)
                .and_then(as_integer)
                .filter(|_| !is_bad(&path));
            let Some(year) = year else {
                all_valid = false;
                continue;
            };
            if let Some(&(_, first)) = seen.iter().find(|(y, _)| *y == year) {
                found.push(
                    Diagnostic::error(format!(
                        "年份 {year} 重复，与「{list_path}[{first}].{}」相同",
                        key::YEAR
                    ))
                    .at(path())
                    .with_hint("每个年份只填一项；同一年的人数请合并"),
                );
                continue;
            }
            seen.push((year, i));
            if let Some((s, e)) = range {
                if year < s || year > e {
                    found.push(
                        Diagnostic::error(format!("年份 {year} 不在自查范围 {s}—{e} 年内"))
                            .at(path())
                            .with_hint("只填自查起始年份到截止年份之间的年份"),
                    );
                }
            }
        }
        if let (true, Some((s, e))) = (all_valid, range) {
            let missing: Vec<String> = (s..=e)
                .filter(|y| !seen.iter().any(|(seen, _)| seen == y))
                .map(|y| y.to_string())
                .collect();
            if !missing.is_empty() {
                let shown = if missing.len() > 5 {
                    format!("{} 等 {} 个年份", missing[..5].join("、"), missing.len())
                } else {
                    missing.join("、")
                };
                found.push(
                    Diagnostic::warning(format!("缺少 {shown} 年的发展党员数"))
                        .at(&list_path)
                        .with_hint("没有发展党员的年份也请填写一项，人数写 0"),
                );
            }
        }
    }

    let villages = int(&[key::BASICS, key::VILLAGES]);
    let idle = int(&[key::BASICS, key::IDLE_VILLAGES]);
    if let (Some(villages), Some(idle)) = (villages, idle) {
        if idle > villages {
            found.push(
                Diagnostic::error(format!(
                    "三年以上未发展党员村数 {idle} 超过了村党组织数 {villages}"
                ))
                .at(join(key::BASICS, key::IDLE_VILLAGES))
                .with_hint("检查这两个数字是否填反或写错"),
            );
        }
    }
    diags.extend(found);
}

/// Reads text answers, cleaning each and warning about removed characters.
struct Reader<'a> {
    diags: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The cleaned text at `obj[key]`, `obj` being at path `parent`; `None` when absent,
    /// null or blank.
    fn text(&mut self, obj: &Map<String, Value>, parent: &str, key: &str) -> Option<String> {
        self.field_text(obj, key, || join(parent, key))
    }

    /// [`Reader::text`] with the field's path built by `path`, only when a warning needs it.
    fn field_text(&mut self, obj: &Map<String, Value>, key: &str, path: impl FnOnce() -> String) -> Option<String> {
        let s = obj.get(key)?.as_str()?;
        self.clean(s, path)
    }

    /// `path` is only built when there is something to report.
    fn clean(&mut self, s: &str, path: impl FnOnce() -> String) -> Option<String> {
        let (text, removed) = clean_text(s);
        if removed > 0 {
            self.diags.push(
                Diagnostic::warning(format!(
                    "删除了 {removed} 个不可见的控制字符（公文中不能出现）"
                ))
                .at(path())
                .with_hint("这些字符通常来自复制粘贴，确认文字无误即可"),
            );
        }
        (!text.is_empty()).then_some(text)
    }

    fn titled_items(&mut self, value: Option<&Value>, path: &str) -> Option<Vec<TitledItem>> {
        value?
            .as_array()?
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let obj = item.as_object()?;
                // The item's path is only written out for a warning.
                let field = |key: &'static str| move || join(&format!("{path}[{i}]"), key);
                Some(TitledItem {
                    title: self.field_text(obj, key::TITLE, field(key::TITLE))?,
                    content: self.field_text(obj, key::CONTENT, field(key::CONTENT))?,
                })
            })
            .collect()
    }

    /// The non-blank texts of a list of texts (blank items are dropped).
    fn texts(&mut self, value: Option<&Value>, path: &str) -> Vec<String> {
        let items = value
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.clean(v.as_str()?, || format!("{path}[{i}]")))
            .collect()
    }
}

fn count(v: Option<&Value>) -> Option<u32> {
    v.and_then(as_integer).and_then(|n| u32::try_from(n).ok())
}

fn year(v: Option<&Value>) -> Option<i32> {
    v.and_then(as_integer).and_then(|n| i32::try_from(n).ok())
}

/// Builds the typed answers from a value that passed all checks; `None` only if the checks
/// and the definition disagree.
fn build(value: &Value, diags: &mut Vec<Diagnostic>) -> Option<Answers> {
    use key::*;
    let root = value.as_object()?;
    let basics = root.get(BASICS)?.as_object()?;
    let problems = root.get(PROBLEMS)?.as_object()?;
    let mut r = Reader { diags };
    let yearly = basics
        .get(YEARLY)?
        .as_array()?
        .iter()
        .map(|item| {
            Some(YearCount {
                year: year(item.get(YEAR))?,
                count: count(item.get(COUNT))?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Answers {
        township: r.text(root, "", TOWNSHIP)?,
        report_title: r.text(root, "", REPORT_TITLE),
        committee: r.text(root, "", COMMITTEE)?,
        recipient: r.text(root, "", RECIPIENT),
        date: questionnaire::parse_date(root.get(DATE)?.as_str()?).ok()?,
        start_year: year(root.get(START_YEAR))?,
        end_year: year(root.get(END_YEAR))?,
        notice_source: r.text(root, "", NOTICE_SOURCE),
        basics: Basics {
            overview: r.text(basics, BASICS, OVERVIEW)?,
            village_organisations: count(basics.get(VILLAGES))?,
            organisers: count(basics.get(ORGANISERS)),
            yearly,
            villages_without_new_members: count(basics.get(IDLE_VILLAGES)),
        },
        practices: r.titled_items(root.get(PRACTICES), PRACTICES)?,
        problems: Problems {
            intro: r.text(problems, PROBLEMS, INTRO),
            items: {
                let items = r.texts(problems.get(PROBLEM_ITEMS), &join(PROBLEMS, PROBLEM_ITEMS));
                (!items.is_empty()).then_some(items)?
            },
        },
        suggestions: r.titled_items(root.get(SUGGESTIONS), SUGGESTIONS)?,
        next_year_plan: r.texts(root.get(NEXT_YEAR_PLAN), NEXT_YEAR_PLAN),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        questionnaire::builtin(TEMPLATE_ID)
            .unwrap()
            .example_answers()
    }

    /// (path, message) of each error of a value that must fail.
    fn errors(v: &Value) -> Vec<(String, String)> {
        from_json(v)
            .unwrap_err()
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|d| (d.path.unwrap_or_default(), d.message))
            .collect()
    }

    fn pair(path: &str, message: &str) -> (String, String) {
        (path.to_owned(), message.to_owned())
    }

    /// Every field path of a definition, list items included (`主要做法[].标题`).
    fn defined_paths(fields: &[questionnaire::Field], prefix: &str, out: &mut Vec<String>) {
        for f in fields {
            let path = join(prefix, &f.key);
            out.push(path.clone());
            defined_paths(&f.fields, &path, out);
            if let Some(item) = &f.items {
                defined_paths(&item.fields, &format!("{path}[]"), out);
            }
        }
    }

    #[test]
    fn the_keys_the_code_reads_are_the_fields_of_the_definition() {
        use key::*;
        let q = questionnaire::builtin(TEMPLATE_ID).unwrap();
        let mut defined = Vec::new();
        defined_paths(&q.fields, "", &mut defined);
        let practices = format!("{PRACTICES}[]");
        let suggestions = format!("{SUGGESTIONS}[]");
        let yearly = format!("{}[]", join(BASICS, YEARLY));
        let mut used: Vec<String> = [TOWNSHIP, REPORT_TITLE, COMMITTEE, RECIPIENT, DATE, START_YEAR, END_YEAR]
            .into_iter()
            .chain([NOTICE_SOURCE, BASICS, PRACTICES, PROBLEMS, SUGGESTIONS, NEXT_YEAR_PLAN])
            .map(str::to_owned)
            .chain([OVERVIEW, VILLAGES, ORGANISERS, YEARLY, IDLE_VILLAGES].map(|k| join(BASICS, k)))
            .chain([YEAR, COUNT].map(|k| join(&yearly, k)))
            .chain([INTRO, PROBLEM_ITEMS].map(|k| join(PROBLEMS, k)))
            .chain([TITLE, CONTENT].map(|k| join(&practices, k)))
            .chain([TITLE, CONTENT].map(|k| join(&suggestions, k)))
            .collect();
        defined.sort();
        used.sort();
        assert_eq!(used, defined);
    }

    #[test]
    fn example_answers_build() {
        let (a, warnings) = from_json(&valid()).unwrap();
        assert_eq!(warnings, vec![]);
        assert_eq!(a.township, "柳河镇");
        assert_eq!(
            a.date,
            Date {
                year: 2026,
                month: 11,
                day: 27
            }
        );
        assert_eq!(a.basics.yearly.len(), 3);
        assert_eq!(a.total_recruited(), 34);
        assert_eq!(a.problems.items.len(), 1);
    }

    #[test]
    fn start_after_end() {
        let mut v = valid();
        v["自查起始年份"] = json!(2026);
        v["自查截止年份"] = json!(2025);
        let e = errors(&v);
        assert_eq!(
            e[0],
            pair("自查起始年份", "自查起始年份 2026 晚于自查截止年份 2025")
        );
    }

    #[test]
    fn end_after_the_date() {
        let mut v = valid();
        v["成文日期"] = json!("2025-12-31");
        v["基本情况"]["分年度发展党员数"] = json!([{"年份": 2024, "人数": 1}, {"年份": 2025, "人数": 2}, {"年份": 2026, "人数": 3}]);
        assert_eq!(
            errors(&v),
            [pair(
                "自查截止年份",
                "自查截止年份 2026 晚于成文日期所在的 2025 年"
            )]
        );
    }

    #[test]
    fn years_unique_and_in_range() {
        let mut v = valid();
        v["基本情况"]["分年度发展党员数"] = json!([
            {"年份": 2024, "人数": 1}, {"年份": 2024, "人数": 2}, {"年份": 2023, "人数": 3}, {"年份": 2026, "人数": 0}
        ]);
        assert_eq!(
            errors(&v),
            [
                pair(
                    "基本情况.分年度发展党员数[1].年份",
                    "年份 2024 重复，与「基本情况.分年度发展党员数[0].年份」相同"
                ),
                pair(
                    "基本情况.分年度发展党员数[2].年份",
                    "年份 2023 不在自查范围 2024—2026 年内"
                ),
            ]
        );
    }

    #[test]
    fn a_missing_year_is_a_warning() {
        let mut v = valid();
        v["基本情况"]["分年度发展党员数"] =
            json!([{"年份": 2026, "人数": 4}, {"年份": 2024, "人数": 1}]);
        let (a, warnings) = from_json(&v).unwrap();
        assert_eq!(
            a.basics.yearly[0],
            YearCount {
                year: 2026,
                count: 4
            }
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].message, "缺少 2025 年的发展党员数");
        assert_eq!(
            warnings[0].path.as_deref(),
            Some("基本情况.分年度发展党员数")
        );
    }

    #[test]
    fn idle_villages_at_most_all_villages() {
        let mut v = valid();
        v["基本情况"]["村党组织数"] = json!(3);
        v["基本情况"]["三年以上未发展党员村数"] = json!(4);
        assert_eq!(
            errors(&v),
            [pair(
                "基本情况.三年以上未发展党员村数",
                "三年以上未发展党员村数 4 超过了村党组织数 3"
            )]
        );
        v["基本情况"]["三年以上未发展党员村数"] = json!(3);
        assert!(from_json(&v).is_ok());
    }

    #[test]
    fn a_field_with_an_error_is_not_reported_twice() {
        let mut v = valid();
        v["自查起始年份"] = json!("2027");
        assert_eq!(
            errors(&v),
            [pair("自查起始年份", "应为整数，实际是文本「2027」")]
        );
    }

    #[test]
    fn five_problems_give_five_errors() {
        let mut v = valid();
        v.as_object_mut().unwrap().remove("乡镇名称");
        v["成文日期"] = json!("2026-02-30");
        v["自查起始年份"] = json!(2027);
        v["基本情况"]["分年度发展党员数"][1]["人数"] = json!(-2);
        v["对策建议"][0]["内容"] = json!(" ");
        let e = errors(&v);
        assert_eq!(
            e.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            [
                "乡镇名称",
                "成文日期",
                "基本情况.分年度发展党员数[1].人数",
                "对策建议[0].内容",
                "自查起始年份"
            ]
        );
    }

    #[test]
    fn text_cleaning() {
        assert_eq!(
            clean_text("  甲\r\n乙\r丙\t丁\u{1}\u{FFFE}𠀾 \n"),
            ("甲\n乙\n丙 丁𠀾".to_owned(), 2)
        );
        assert_eq!(clean_text("\u{3000}\u{3000}段落"), ("段落".to_owned(), 0));
        // The byte test agrees with the characters' test, at the edges of its ranges too.
        for c in ['\u{0}', '\t', '\n', '\u{B}', '\r', '\u{1F}', ' ', '\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '𠀾', '，'] {
            let s = format!("甲{c}乙");
            assert_eq!(needs_cleaning(&s), matches!(c, '\r' | '\t') || is_xml_forbidden(c), "{c:?}");
        }
        let mut v = valid();
        v["乡镇名称"] = json!(" 柳河镇\u{7}\u{B} ");
        v["报告标题"] = json!("   ");
        v["下年工作计划"] = json!(["第一项\r\n续", " ", "第二项"]);
        let (a, warnings) = from_json(&v).unwrap();
        assert_eq!(a.township, "柳河镇");
        assert_eq!(a.report_title, None);
        assert_eq!(a.next_year_plan, ["第一项\n续", "第二项"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path.as_deref(), Some("乡镇名称"));
        assert_eq!(
            warnings[0].message,
            "删除了 2 个不可见的控制字符（公文中不能出现）"
        );
    }

    #[test]
    fn load_sets_the_file_on_warnings() {
        let mut v = valid();
        v["备注"] = json!("无");
        let text = v.to_string().replacen('{', "{\"乡镇名称\": \"旧名\", ", 1);
        let (a, warnings) = load(text.as_bytes(), "柳河镇.json").unwrap();
        assert_eq!(a.township, "柳河镇");
        let paths: Vec<_> = warnings
            .iter()
            .map(|w| w.path.as_deref().unwrap())
            .collect();
        assert_eq!(paths, ["乡镇名称", "备注"]);
        assert!(warnings
            .iter()
            .all(|w| w.file.as_deref() == Some("柳河镇.json")));
    }
}
