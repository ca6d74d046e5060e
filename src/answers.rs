//! An answers file read and checked: bytes → JSON value → [`Answers`].
//!
//! The value is checked against the template's questionnaire ([`crate::questionnaire`])
//! and its declared rules between fields ([`crate::rules`]), then read by one generic walk
//! ([`crate::template::values`]); every text of the result is clean (no characters XML
//! forbids, `\r\n` folded to `\n`).

use serde_json::Value;

use crate::defaults::{Defaults, Origins};
use crate::diag::{has_errors, Diagnostic};
use crate::model::Date;
use crate::json::Literals;
use crate::questionnaire;
use crate::template::Template;

/// Answers that passed every check, ready for the skeleton.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// The values the skeleton sees, in the questionnaire's own keys: texts cleaned and
    /// tagged with their path, dates printed, integers plain, blank values left out (see
    /// [`crate::template::values`]).
    pub values: Value,
    /// The document's date: the manifest's `document_date` field.
    pub date: Date,
}

/// Decodes, parses and checks an answers file, and builds the typed answers: `Ok` carries
/// the warnings, `Err` every problem found. `file` (as the user named it) is set on every
/// diagnostic.
pub fn load(template: &Template, bytes: &[u8], file: &str) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with_defaults(template, bytes, file, None).map(|l| (l.answers, l.warnings))
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
pub fn load_with_defaults(
    template: &Template,
    bytes: &[u8],
    file: &str,
    defaults: Option<&Defaults>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let (value, origins, mut diags, literals) = read(bytes, file, defaults)?;
    match from_json_quoting(template, &value, &literals) {
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

/// Checks a JSON value against the template's questionnaire and the rules between fields,
/// and reads it into [`Answers`] with every text cleaned (see [`clean_text`]). `Ok` carries
/// the warnings; `Err` all problems, errors and warnings, in the order found.
pub fn from_json(template: &Template, value: &Value) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    from_json_quoting(template, value, &Literals::default())
}

/// [`from_json`], quoting numbers in messages as the user wrote them (see [`Literals`]).
pub fn from_json_quoting(template: &Template, value: &Value, literals: &Literals) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = questionnaire::check_quoting(&template.questionnaire, value, literals);
    diags.extend(check_named_template(template, value));
    crate::rules::run(&template.questionnaire, value, &mut diags);
    if has_errors(&diags) {
        return Err(diags);
    }
    let date = value
        .get(&template.manifest.document_date)
        .and_then(Value::as_str)
        .and_then(|s| questionnaire::parse_date(s).ok());
    let Some(date) = date else {
        // The manifest names a required date field, which the check has just passed.
        diags.push(Diagnostic::error("内部错误：通过检查的答案没有成文日期"));
        return Err(diags);
    };
    let values = crate::template::values::values(&template.questionnaire.fields, value, &mut diags);
    Ok((Answers { values, date }, diags))
}

/// The key by which an answers file names its kind.
pub const TEMPLATE_KEY: &str = "$template";

/// The kind an answers file names in `"$template"`, read before its kind is known (so that
/// a command without `--template` can use it). `None` when the file cannot be read as JSON
/// (the check reports that) or names no kind.
pub fn named_template(bytes: &[u8]) -> Option<String> {
    let decoded = crate::decode::decode(bytes).ok()?;
    let value = crate::json::parse(&decoded.text).ok()?;
    value.get(TEMPLATE_KEY)?.as_str().map(str::to_owned)
}

/// An answers file's `"$template"` must be the kind it is checked against: answers written
/// for one kind and rendered with another would give a report with the wrong fields.
fn check_named_template(template: &Template, value: &Value) -> Option<Diagnostic> {
    let named = value.get(TEMPLATE_KEY)?;
    let hint = "\"$template\" 写模板名称（gongwen templates 列出全部）；它与 --template 应一致，或省略 --template";
    match named.as_str() {
        Some(id) if id == template.id() => None,
        Some(id) => Some(
            Diagnostic::error(format!(
                "答案文件指定的模板「{}」与所用的模板「{}」不一致",
                crate::diag::printable(id),
                template.id()
            ))
            .at(TEMPLATE_KEY)
            .with_hint(hint),
        ),
        None => Some(Diagnostic::error("应为模板名称（文字）").at(TEMPLATE_KEY).with_hint(hint)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tpl() -> &'static Template {
        crate::template::builtin(crate::template::DEFAULT_TEMPLATE).unwrap()
    }

    fn from_json(v: &Value) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
        super::from_json(tpl(), v)
    }

    fn valid() -> Value {
        tpl().questionnaire.example_answers()
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

    /// The text a clerk typed, from a tagged value.
    fn plain(v: &Value) -> String {
        crate::template::helpers::untag(v.as_str().unwrap()).into_owned()
    }

    #[test]
    fn example_answers_build() {
        let (a, warnings) = from_json(&valid()).unwrap();
        assert_eq!(warnings, vec![]);
        assert_eq!(plain(&a.values["乡镇名称"]), "柳河镇");
        assert_eq!(a.date, Date { year: 2026, month: 11, day: 27 });
        assert_eq!(plain(&a.values["成文日期"]), "2026年11月27日");
        assert_eq!(a.values["基本情况"]["分年度发展党员数"].as_array().unwrap().len(), 3);
        assert_eq!(a.values["存在问题"]["问题"].as_array().unwrap().len(), 1);
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
        assert_eq!(a.values["基本情况"]["分年度发展党员数"][0], json!({"年份": 2026, "人数": 4}));
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
        v["自查起始年份"] = json!("明年");
        assert_eq!(
            errors(&v),
            [pair("自查起始年份", "应为整数，实际是文本「明年」")]
        );
    }

    /// A whole number in quotes is two mistakes when it is also out of order: the quotes,
    /// and the year itself. Both are said at once (issue 11, point 4).
    #[test]
    fn a_quoted_number_is_still_checked_by_the_rules() {
        let mut v = valid();
        v["自查起始年份"] = json!("2027");
        assert_eq!(
            errors(&v),
            [
                pair("自查起始年份", "应为整数，实际是文本「2027」"),
                pair("自查起始年份", "自查起始年份 2027 晚于自查截止年份 2026")
            ]
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
        assert_eq!(plain(&a.values["乡镇名称"]), "柳河镇");
        assert_eq!(a.values.get("报告标题"), None);
        let plan: Vec<String> = a.values["下年工作计划"].as_array().unwrap().iter().map(plain).collect();
        assert_eq!(plan, ["第一项\n续", "第二项"]);
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
        let (a, warnings) = load(tpl(), text.as_bytes(), "柳河镇.json").unwrap();
        assert_eq!(plain(&a.values["乡镇名称"]), "柳河镇");
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
