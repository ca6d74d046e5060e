//! The helpers a skeleton and the manifest's derived values may call, each a pure function
//! of JSON values, unit-tested here, and registered under a short name.
//!
//! Answer texts reach the helpers *tagged* with their field path (see [`super::markup`]);
//! every helper that reads a text reads it through [`untag`], so `(eq 乡镇名称 "白云镇")` and
//! `(area 乡镇名称)` see what the clerk typed. Helpers that pass texts through (`join`,
//! `sort_by`) keep the tags, so a placeholder found later still names its field.

use std::borrow::Cow;
use std::cmp::Ordering;

use handlebars::{handlebars_helper, Handlebars};
use serde_json::Value;

use super::markup::{FIELD_END, FIELD_START, FIELD_VALUE};
use crate::model::Date;
use crate::numerals::chinese_number;
use crate::questionnaire::{as_integer, Decimal};

/// A text without its field markers: what the clerk typed. Texts put together from several
/// tagged values lose every path and keep every value.
pub fn untag(s: &str) -> Cow<'_, str> {
    if !s.contains(FIELD_START) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut in_path = false;
    for c in s.chars() {
        match c {
            FIELD_START => in_path = true,
            FIELD_VALUE => in_path = false,
            FIELD_END => {}
            c if !in_path => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// The integer a value stands for: a JSON integer, or a text of decimal digits (a derived
/// number that carries a field path is such a text).
pub fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => untag(s).trim().parse().ok(),
        other => as_integer(other),
    }
}

/// The number a value stands for, exactly: a JSON number, or a text of one as a decimal or
/// percentage prints it (「12.50」, 「95.5%」, tagged or not).
pub fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Decimal::of(n),
        Value::String(s) => {
            let text = untag(s);
            let t = text.trim();
            let t = t.strip_suffix('%').unwrap_or(t);
            // Plain decimal notation only: a text 「1e3」 is a word, not a number.
            if t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
                Decimal::parse(t)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A count as Chinese writes it before a measure word: 两年 (never 二年), 三年, 十二年,
/// 二十二年 (helper `cn`). Other numbers are written as [`chinese_number`] writes them,
/// which is also the helper `numeral` (二, as in a heading's 二、).
pub fn quantity(n: u64) -> String {
    if n == 2 {
        "两".into()
    } else {
        chinese_number(n)
    }
}

/// The number of years from `first` to `last`, both counted (2024–2026 → 3); 0 when `last`
/// comes before `first`.
pub fn years(first: i64, last: i64) -> i64 {
    last.saturating_sub(first).saturating_add(1).max(0)
}

/// 「2026年」 for one year, 「2024年至2026年」 for a span.
pub fn year_span(first: i64, last: i64) -> String {
    if first == last {
        format!("{first}年")
    } else {
        format!("{first}年至{last}年")
    }
}

/// The sum of `key` over a list of objects (or of the list's own numbers when `key` is
/// empty); values that are not integers count 0.
pub fn sum(list: &Value, key: &str) -> i64 {
    items(list).iter().map(|item| member(item, key).and_then(integer).unwrap_or(0)).fold(0, i64::saturating_add)
}

/// The helper `sum`: [`sum`] when every value is an integer; when some are decimals or
/// percentages (printed 「12.50」, 「95.5%」), their exact sum, printed with as many
/// decimals as the most precise value was printed with (12.50 + 3.25 → 「15.75」), so a
/// decimal field is never counted as 0.
pub fn sum_value(list: &Value, key: &str) -> Value {
    let mut total = Decimal::from_int(0);
    let mut places = None;
    for v in items(list).iter().filter_map(|item| member(item, key)) {
        if let Some(n) = integer(v) {
            total = total.add(&Decimal::from_int(n));
        } else if let Some(d) = decimal(v) {
            let printed = match v {
                Value::String(s) => untag(s).trim().trim_end_matches('%').split_once('.').map_or(0, |(_, f)| f.len() as u32),
                _ => d.places(),
            };
            places = Some(places.unwrap_or(0).max(printed));
            total = total.add(&d);
        }
    }
    match places {
        None => Value::from(sum(list, key)),
        Some(p) => Value::String(total.fixed(p)),
    }
}

/// The number of items of a list (0 for anything else).
pub fn count(list: &Value) -> usize {
    items(list).len()
}

/// The number of items of a list whose `key` equals `value` (as [`same`] compares: tags
/// ignored), e.g. the problems whose 状态 is 已完成.
pub fn count_where(list: &Value, key: &str, value: &Value) -> usize {
    items(list).iter().filter(|item| member(item, key).is_some_and(|v| same(v, value))).count()
}

/// `part` as a percentage of `whole`, rounded half up to `places` decimals (at most 4) and
/// printed with exactly that many: 4 of 5 → 「80」, with 1 place 「80.0」; 2 of 3 → 「66.7」.
/// Computed in integers, so there is never a NaN or a 66.66666 printed; a whole of 0 (or
/// below, or a part outside 0…whole) is an error in Chinese instead.
pub fn percent(part: i64, whole: i64, places: u32) -> Result<String, String> {
    if whole <= 0 {
        return Err(format!("百分比的总数为 {whole}，无法计算（{part} ÷ {whole}）：请检查作为总数的列表是否有条目"));
    }
    if !(0..=whole).contains(&part) {
        return Err(format!("百分比的部分（{part}）不在 0 到总数（{whole}）之间"));
    }
    let places = places.min(4);
    let scale = 10_i128.pow(places);
    // part / whole × 100 × scale, rounded half up: (2 × part × 100 × scale + whole) / (2 × whole).
    let scaled = (2 * i128::from(part) * 100 * scale + i128::from(whole)) / (2 * i128::from(whole));
    let (int, frac) = (scaled / scale, scaled % scale);
    Ok(if places == 0 { int.to_string() } else { format!("{int}.{frac:0width$}", width = places as usize) })
}

/// The items sorted by `key` (numbers by value, texts by what was typed); the sort is
/// stable, so equal keys keep the order of the file.
pub fn sort_by(list: &Value, key: &str) -> Value {
    let mut sorted: Vec<Value> = items(list).to_vec();
    sorted.sort_by(|a, b| order(member(a, key), member(b, key)).unwrap_or(Ordering::Equal));
    Value::Array(sorted)
}

/// The items joined with `sep` (texts keep their field tags; numbers as written).
pub fn join(list: &Value, sep: &str) -> String {
    let parts: Vec<Cow<'_, str>> = items(list)
        .iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(Cow::Borrowed(s.as_str())),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        })
        .collect();
    parts.join(sep)
}

/// 「全镇」「全乡」「全街道」 from a township's name; nothing when the name does not say.
pub fn whole_area(name: &str) -> String {
    let name = untag(name);
    ["街道", "镇", "乡"]
        .iter()
        .find(|suffix| name.ends_with(*suffix))
        .map(|suffix| format!("全{suffix}"))
        .unwrap_or_default()
}

/// A date read from an answer: `2026-11-20` or the printed form 「2026年11月20日」 (dates
/// reach the skeleton printed).
pub fn read_date(s: &str) -> Option<Date> {
    let s = untag(s);
    let mut numbers = s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty());
    let year = numbers.next()?.parse().ok()?;
    let month = numbers.next()?.parse().ok()?;
    let day = numbers.next()?.parse().ok()?;
    Some(Date { year, month, day })
}

/// A date in one of the forms of official writing: 「年月日」 2026年11月20日, 「年月」
/// 2026年11月, 「年」 2026年, 「月日」 11月20日. `None` for an unknown form.
pub fn date_form(d: Date, form: &str) -> Option<String> {
    Some(match form {
        "年月日" => d.to_chinese(),
        "年月" => format!("{}年{}月", d.year, d.month),
        "年" => format!("{}年", d.year),
        "月日" => format!("{}月{}日", d.month, d.day),
        _ => return None,
    })
}

/// How two values compare: numbers (and texts of digits) by value, texts by what was typed.
/// `None` when they cannot be compared (a missing value, a list, a number and a word).
pub fn order(a: Option<&Value>, b: Option<&Value>) -> Option<Ordering> {
    let (a, b) = (a?, b?);
    if let (Some(x), Some(y)) = (integer(a), integer(b)) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (decimal(a), decimal(b)) {
        return Some(x.cmp(&y));
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(untag(x).cmp(&untag(y))),
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        _ => None,
    }
}

/// Equality as a skeleton means it: tags ignored, 12 equal to 12.0, a missing value equal to
/// nothing but another missing value.
pub fn same(a: &Value, b: &Value) -> bool {
    match order(Some(a), Some(b)) {
        Some(o) => o == Ordering::Equal,
        None => a == b,
    }
}

fn items(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn member<'a>(item: &'a Value, key: &str) -> Option<&'a Value> {
    if key.is_empty() {
        Some(item)
    } else {
        item.get(key)
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => untag(s).into_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

handlebars_helper!(h_cn: |n: Json| integer(n).and_then(|n| u64::try_from(n).ok()).map(quantity).unwrap_or_default());
handlebars_helper!(h_numeral: |n: Json| integer(n).and_then(|n| u64::try_from(n).ok()).map(chinese_number).unwrap_or_default());
handlebars_helper!(h_years: |a: Json, b: Json| match (integer(a), integer(b)) {
    (Some(a), Some(b)) => Value::from(years(a, b)),
    _ => Value::Null,
});
handlebars_helper!(h_year_span: |a: Json, b: Json| match (integer(a), integer(b)) {
    (Some(a), Some(b)) => year_span(a, b),
    _ => String::new(),
});
handlebars_helper!(h_sum_of: |list: Json, key: str| sum_value(list, key));
handlebars_helper!(h_count: |list: Json| count(list));
handlebars_helper!(h_count_where: |list: Json, key: str, value: Json| count_where(list, key, value));
handlebars_helper!(h_inc: |n: Json| integer(n).map_or(Value::Null, |n| Value::from(n.saturating_add(1))));

/// `{{percent 部分 总数 places=1}}`: see [`percent`]; its error ends the render with the
/// message (a derived value names itself in front of it).
fn h_percent(
    h: &handlebars::Helper<'_>,
    _: &Handlebars<'_>,
    _: &handlebars::Context,
    _: &mut handlebars::RenderContext<'_, '_>,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let number = |i: usize| h.param(i).and_then(|p| integer(p.value()));
    let (Some(part), Some(whole)) = (number(0), number(1)) else {
        return Err(handlebars::RenderErrorReason::Other("percent 需要两个整数：部分和总数".into()).into());
    };
    let places = h.hash_get("places").and_then(|p| integer(p.value())).and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    let text = percent(part, whole, places).map_err(handlebars::RenderErrorReason::Other)?;
    out.write(&text)?;
    Ok(())
}
handlebars_helper!(h_sort_by: |list: Json, key: str| sort_by(list, key));
handlebars_helper!(h_join: |list: Json, {sep: str = "、"}| join(list, sep));
handlebars_helper!(h_area: |name: Json| whole_area(&text(name)));
handlebars_helper!(h_year: |d: Json| read_date(&text(d)).map_or(Value::Null, |d| Value::from(d.year)));
handlebars_helper!(h_date: |d: Json, form: str| read_date(&text(d)).and_then(|d| date_form(d, form)).unwrap_or_default());
handlebars_helper!(h_plain: |v: Json| text(v));
handlebars_helper!(h_eq: |a: Json, b: Json| same(a, b));
handlebars_helper!(h_ne: |a: Json, b: Json| !same(a, b));
handlebars_helper!(h_lt: |a: Json, b: Json| order(Some(a), Some(b)) == Some(Ordering::Less));
handlebars_helper!(h_lte: |a: Json, b: Json| matches!(order(Some(a), Some(b)), Some(Ordering::Less | Ordering::Equal)));
handlebars_helper!(h_gt: |a: Json, b: Json| order(Some(a), Some(b)) == Some(Ordering::Greater));
handlebars_helper!(h_gte: |a: Json, b: Json| matches!(order(Some(a), Some(b)), Some(Ordering::Greater | Ordering::Equal)));

/// Lists each helper once: its name (in [`NAMES`], which the skeleton check reads) and its
/// definition (registered by [`register`]).
macro_rules! helpers {
    ($($name:literal => $def:expr,)*) => {
        /// The names of gongwen's helpers.
        pub const NAMES: &[&str] = &[$($name),*];

        /// Each helper's name and the name of its definition, which Handlebars' errors
        /// carry instead of the name the author wrote.
        const DEFINITIONS: &[(&str, &str)] = &[$(($name, stringify!($def))),*];

        /// Registers every helper; the comparisons replace Handlebars' own, which compare
        /// tagged texts as they are stored.
        pub fn register(hb: &mut Handlebars<'static>) {
            $(hb.register_helper($name, Box::new($def));)*
        }
    };
}

helpers! {
    "cn" => h_cn,
    "numeral" => h_numeral,
    "years" => h_years,
    "year_span" => h_year_span,
    "sum" => h_sum_of,
    "count" => h_count,
    "count_where" => h_count_where,
    "inc" => h_inc,
    "percent" => h_percent,
    "sort_by" => h_sort_by,
    "join" => h_join,
    "area" => h_area,
    "year" => h_year,
    "date" => h_date,
    "plain" => h_plain,
    "eq" => h_eq,
    "ne" => h_ne,
    "lt" => h_lt,
    "lte" => h_lte,
    "gt" => h_gt,
    "gte" => h_gte,
}

/// Handlebars' own helpers a skeleton may use (the registry does not list its helpers).
pub const HANDLEBARS_NAMES: &[&str] = &["if", "unless", "each", "with", "lookup", "and", "or", "not", "len"];

/// The name an author calls a helper by, from the name Handlebars' error gives it.
pub fn author_name(name: &str) -> &str {
    DEFINITIONS.iter().find(|(_, def)| *def == name).map_or(name, |(author, _)| author)
}

/// True when `name` is a helper a skeleton may call.
pub fn is_helper(name: &str) -> bool {
    NAMES.contains(&name) || HANDLEBARS_NAMES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tag(path: &str, s: &str) -> String {
        format!("{FIELD_START}{path}{FIELD_VALUE}{s}{FIELD_END}")
    }

    #[test]
    fn untag_keeps_what_was_typed() {
        assert_eq!(untag("白云镇"), "白云镇");
        assert_eq!(untag(&tag("乡镇名称", "白云镇")), "白云镇");
        assert_eq!(untag(&format!("{}与{}", tag("a", "甲"), tag("b[1]", "乙"))), "甲与乙");
    }

    #[test]
    fn counts_are_written_as_chinese_writes_them() {
        assert_eq!(quantity(1), "一");
        assert_eq!(quantity(2), "两");
        assert_eq!(quantity(3), "三");
        assert_eq!(quantity(10), "十");
        assert_eq!(quantity(12), "十二");
        assert_eq!(quantity(20), "二十");
        assert_eq!(quantity(22), "二十二");
    }

    #[test]
    fn years_and_spans() {
        assert_eq!(years(2024, 2026), 3);
        assert_eq!(years(2026, 2026), 1);
        assert_eq!(years(2027, 2026), 0);
        assert_eq!(years(i64::MIN, i64::MAX), i64::MAX);
        assert_eq!(year_span(2026, 2026), "2026年");
        assert_eq!(year_span(2024, 2026), "2024年至2026年");
    }

    /// Decimal and percentage fields reach the skeleton printed (「12.50」); `sum` adds them
    /// exactly instead of counting them as 0, and integer sums stay numbers.
    #[test]
    fn sums_of_decimals_are_exact_and_printed_like_their_values() {
        let money = json!([{"万元": tag("投入[0].万元", "12.50")}, {"万元": tag("投入[1].万元", "3.25")}, {"万元": "0.10"}]);
        assert_eq!(sum_value(&money, "万元"), json!("15.85"));
        let rates = json!([{"率": "95.5%"}, {"率": "0.25%"}]);
        assert_eq!(sum_value(&rates, "率"), json!("95.75"));
        let mixed = json!([{"x": 2}, {"x": "0.5"}]);
        assert_eq!(sum_value(&mixed, "x"), json!("2.5"));
        let counts = json!([{"人数": 12}, {"人数": tag("a[1].人数", "11")}]);
        assert_eq!(sum_value(&counts, "人数"), json!(23));
        assert_eq!(sum_value(&json!([]), "人数"), json!(0));
    }

    #[test]
    fn sums_counts_and_sorting() {
        let list = json!([{"年份": 2026, "人数": 12}, {"年份": 2024, "人数": 11.0}, {"年份": 2025, "人数": "x"}]);
        assert_eq!(sum(&list, "人数"), 23);
        assert_eq!(sum(&json!([1, 2, 3]), ""), 6);
        assert_eq!(sum(&json!(null), "人数"), 0);
        assert_eq!(count(&list), 3);
        assert_eq!(count(&json!("不是列表")), 0);
        let years: Vec<i64> = items(&sort_by(&list, "年份")).iter().map(|v| integer(&v["年份"]).unwrap()).collect();
        assert_eq!(years, [2024, 2025, 2026]);
        let names = json!([tag("x[0]", "乙"), tag("x[1]", "甲"), "乙"]);
        // 乙 (U+4E59) sorts before 甲 (U+7532); the two 乙 keep their order.
        assert_eq!(join(&sort_by(&names, ""), "、"), format!("{}、乙、{}", tag("x[0]", "乙"), tag("x[1]", "甲")));
    }

    #[test]
    fn counts_by_value_and_percentages_in_integers() {
        let list = json!([{"状态": tag("问题[0].状态", "已完成")}, {"状态": "推进中"}, {"状态": "已完成"}, {}]);
        assert_eq!(count_where(&list, "状态", &json!("已完成")), 2);
        assert_eq!(count_where(&list, "状态", &json!("未启动")), 0);
        assert_eq!(count_where(&json!(null), "状态", &json!("已完成")), 0);
        assert_eq!(percent(4, 5, 0).unwrap(), "80");
        assert_eq!(percent(4, 5, 1).unwrap(), "80.0");
        assert_eq!(percent(2, 3, 1).unwrap(), "66.7");
        assert_eq!(percent(1, 3, 0).unwrap(), "33");
        assert_eq!(percent(1, 8, 1).unwrap(), "12.5");
        assert_eq!(percent(1, 16, 1).unwrap(), "6.3"); // 6.25 rounds half up
        assert_eq!(percent(0, 40, 0).unwrap(), "0");
        assert_eq!(percent(40, 40, 2).unwrap(), "100.00");
        assert!(percent(0, 0, 0).unwrap_err().contains("总数为 0"));
        assert!(percent(6, 5, 0).unwrap_err().contains("不在 0 到总数"));
    }

    #[test]
    fn joining_keeps_tags() {
        let list = json!([tag("计划[0]", "甲"), 3, null, tag("计划[2]", "乙")]);
        assert_eq!(join(&list, "、"), format!("{}、3、{}", tag("计划[0]", "甲"), tag("计划[2]", "乙")));
        assert_eq!(join(&json!([]), "、"), "");
    }

    #[test]
    fn whole_area_follows_the_name() {
        assert_eq!(whole_area("青山镇"), "全镇");
        assert_eq!(whole_area("石门乡"), "全乡");
        assert_eq!(whole_area("城关街道"), "全街道");
        assert_eq!(whole_area(&tag("乡镇名称", "城关街道")), "全街道");
        assert_eq!(whole_area("某地"), "");
    }

    #[test]
    fn date_forms() {
        let d = read_date(&tag("成文日期", "2026年11月20日")).unwrap();
        assert_eq!(d, Date { year: 2026, month: 11, day: 20 });
        assert_eq!(read_date("2026-11-20"), Some(d));
        assert_eq!(read_date("2026年11月"), None);
        assert_eq!(date_form(d, "年月日").unwrap(), "2026年11月20日");
        assert_eq!(date_form(d, "年月").unwrap(), "2026年11月");
        assert_eq!(date_form(d, "年").unwrap(), "2026年");
        assert_eq!(date_form(d, "月日").unwrap(), "11月20日");
        assert_eq!(date_form(d, "日"), None);
    }

    #[test]
    fn comparisons_see_through_tags() {
        let name = json!(tag("乡镇名称", "白云镇"));
        assert!(same(&name, &json!("白云镇")));
        assert!(same(&json!(12), &json!(12.0)));
        assert!(same(&json!(tag("年数", "3")), &json!(3)));
        assert!(!same(&json!(0), &Value::Null));
        assert!(same(&Value::Null, &Value::Null));
        assert_eq!(order(Some(&json!(2)), Some(&json!(10))), Some(Ordering::Less));
        assert_eq!(order(Some(&json!("甲")), Some(&json!(1))), None);
        assert_eq!(order(None, Some(&json!(1))), None);
        // Decimals and percentages reach the skeleton tagged and printed (「12.50」, 「95.5%」).
        let rate = json!(tag("完成率", "95.5%"));
        assert_eq!(order(Some(&rate), Some(&json!(90))), Some(Ordering::Greater));
        assert_eq!(order(Some(&rate), Some(&json!(100))), Some(Ordering::Less));
        assert!(same(&rate, &json!(95.5)));
        assert!(same(&json!(tag("金额", "12.50")), &json!(12.5)));
        assert_eq!(order(Some(&json!(tag("金额", "9.75"))), Some(&json!(tag("x", "10.00")))), Some(Ordering::Less));
        assert_eq!(order(Some(&json!("1e3")), Some(&json!(5))), None);
    }

    #[test]
    fn helpers_render_in_a_skeleton() {
        let mut hb = Handlebars::new();
        register(&mut hb);
        let data = json!({
            "名称": tag("名称", "城关街道"),
            "起": 2024, "止": 2026, "零": 0,
            "日期": tag("日期", "2026年11月20日"),
            "表": [{"年": 2026, "数": 2}, {"年": 2025, "数": 5}],
            "名单": [tag("名单[0]", "甲"), tag("名单[1]", "乙")],
        });
        let render = |t: &str| untag(&hb.render_template(t, &data).unwrap()).into_owned();
        assert_eq!(render("{{cn (years 起 止)}}年"), "三年");
        assert_eq!(render("{{cn (years 止 止)}}年；{{cn 2}}年；{{numeral 2}}"), "一年；两年；二");
        assert_eq!(render("{{year_span 起 止}}，{{area 名称}}"), "2024年至2026年，全街道");
        assert_eq!(render("{{sum 表 \"数\"}}/{{count 表}}"), "7/2");
        assert_eq!(render("{{count_where 表 \"数\" 5}}；{{#each 表}}{{inc @index}}{{/each}}；{{percent 2 3 places=1}}%"), "1；12；66.7%");
        let err = hb.render_template("{{percent 1 零}}", &data).unwrap_err();
        assert!(crate::template::source::render_problem(&err).contains("总数为 0"), "{err}");
        assert_eq!(render("{{#each (sort_by 表 \"年\")}}{{#unless @first}}、{{/unless}}{{年}}年{{数}}名{{/each}}"), "2025年5名、2026年2名");
        assert_eq!(render("{{date 日期 \"年月\"}}，{{year 日期}}"), "2026年11月，2026");
        assert_eq!(render("{{#if (eq 名称 \"城关街道\")}}是{{/if}}{{#if (eq 零 0)}}零{{/if}}{{#if (eq 无 0)}}无{{/if}}"), "是零");
        assert_eq!(render("{{#if (lte 起 止)}}对{{/if}}{{#if (gt 起 止)}}错{{/if}}"), "对");
        assert_eq!(render("{{join (sort_by 名单 \"\")}}；{{join 名单 sep=\"，\"}}"), "乙、甲；甲，乙");
    }
}
