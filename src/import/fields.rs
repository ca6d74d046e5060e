//! Placeholders of a 范文 → questionnaire fields, each named from the words around it.
//!
//! 「XX镇」「X乡镇」 are the township (乡镇名称); 「20XX年」 a year (起始年份 before 以来, else
//! 报告年度/年份); 「20XX年X月X日」「X月X日」 a date (成文日期 on the date line); 「XX个村」「XX人」
//! 「XX名」「XX次」「XX份」… an integer named from the counted words (「配备专兼职组织员XX人」 →
//! 专兼职组织员人数, 「XX个村党支部」 → 村党支部数); any other 「XX」「××」「某某」 a text named
//! from the words after it (「XX大讲堂」 → 大讲堂名称). The same name is the same field: the
//! same placeholder in the same role, wherever it stands. Every search is one regular
//! expression over the text (linear).

use std::sync::OnceLock;

use regex::Regex;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Township,
    Year,
    /// A date printed in full (年月日) or as month and day (月日).
    Date { month_day: bool },
    Integer,
    Text,
}

/// One placeholder found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the placeholder in the text (the unit 「人」「个村」 is not in it).
    pub start: usize,
    pub end: usize,
    pub key: String,
    pub kind: Kind,
    /// The placeholder as written (「XX人」 with its unit, for messages).
    pub written: String,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let x = "[XxＸｘ×╳]";
        Regex::new(&format!(
            concat!(
                r"(?P<date>(?:20{x}{{2}}|{x}{{4}})年{x}{{1,2}}月{x}{{1,2}}日)|(?P<md>{x}{{1,2}}月{x}{{1,2}}日)|(?P<year>20{x}{{2}})年",
                r"|(?P<town>(?:{x}{{1,2}}|某某|[○〇]{{2}}))(?:乡镇|镇|乡|街道)",
                r"|(?P<count>{x}{{1,2}}|[○〇]{{2}})(?P<unit>个|人次|人|名|次|份|场|期|项|户|家|篇|条|件|所|吨|口|亩|万元|元|%|％|座|处|批|轮|天|小时|课时|学时|位|支)",
                r"|(?P<text>{x}{{2,}}|某某|[○〇]{{2,}}|＿{{2,}}|_{{3,}})"
            ),
            x = x
        ))
        .expect("valid pattern")
    })
}

/// Nouns counted with 个 (「XX个村党支部」), longest first.
const COUNTED: &[&str] = &["村民小组", "村党支部", "村党组织", "党小组", "党支部", "党组织", "党总支", "合作社", "社区", "单位", "部门", "项目", "网格", "支部", "小组", "企业", "基地", "站点", "问题", "行政村", "村"];

/// Verbs after which the counted words start (「配备专兼职组织员」 → 专兼职组织员).
const VERBS: &[&str] = &["配备", "发展", "培训", "培养", "吸收", "召开", "开展", "举办", "参加", "参与", "共有", "现有", "达到", "累计", "新增", "覆盖", "确定", "选派", "慰问", "走访", "帮扶", "排查", "整改", "发放", "收集", "办理", "接待", "完成", "建成", "建立", "签订", "处理", "查处", "评选", "表彰", "清运", "改造", "设立", "成立", "动员", "投入", "实现", "其中", "全年", "全镇", "全乡", "今年", "共计", "合计", "有", "共", "达", "对", "向", "为"];

/// Every placeholder of `text`, in order, with its field's name (before de-duplication).
/// `on_date_line`: the text is the report's date line (its date is the 成文日期).
pub fn find(text: &str, on_date_line: bool) -> Vec<Found> {
    let mut out = Vec::new();
    for c in pattern().captures_iter(text) {
        let whole = c.get(0).expect("whole match");
        // 「XXL」「MAX」: letters of a Latin word are not a placeholder.
        let latin = |ch: Option<char>| ch.is_some_and(|ch| ch.is_ascii_alphabetic());
        if latin(text[..whole.start()].chars().next_back()) || latin(text[whole.end()..].chars().next()) && c.name("text").is_some() {
            continue;
        }
        let (m, key, kind) = if let Some(m) = c.name("date") {
            (m, if on_date_line { "成文日期".to_owned() } else { "日期".to_owned() }, Kind::Date { month_day: false })
        } else if let Some(m) = c.name("md") {
            (m, "日期".to_owned(), Kind::Date { month_day: true })
        } else if let Some(m) = c.name("year") {
            let after = &text[whole.end()..];
            let key = if after.starts_with("以来") || after.starts_with("至") { "起始年份" } else if after.starts_with('度') { "报告年度" } else { "年份" };
            (m, key.to_owned(), Kind::Year)
        } else if c.name("town").is_some() {
            (whole, "乡镇名称".to_owned(), Kind::Township)
        } else if let Some(m) = c.name("count") {
            let unit = &c["unit"];
            (m, count_name(&text[..m.start()], unit, &text[whole.end()..]), Kind::Integer)
        } else {
            let m = c.name("text").expect("last group");
            (m, text_name(&text[..m.start()], &text[m.end()..]), Kind::Text)
        };
        out.push(Found { start: m.start(), end: m.end(), key, kind, written: whole.as_str().to_owned() });
    }
    out
}

/// The name of a count: the counted words and 人数/次数/…数.
fn count_name(before: &str, unit: &str, after: &str) -> String {
    if unit == "个" {
        if let Some(noun) = COUNTED.iter().find(|n| after.starts_with(*n)) {
            return format!("{noun}数");
        }
    }
    let suffix = match unit {
        "人" | "名" | "位" => "人数".to_owned(),
        "次" => "次数".to_owned(),
        "人次" => "人次".to_owned(),
        "场" => "场次".to_owned(),
        "%" | "％" => "比例".to_owned(),
        "个" => "数".to_owned(),
        "万元" | "元" => "金额".to_owned(),
        u => format!("{u}数"),
    };
    let words = words_before(before);
    if words.is_empty() && suffix == "数" {
        "个数".to_owned()
    } else {
        words + &suffix
    }
}

/// The words just before a placeholder, from the last verb (or clause start) on, at most
/// ten characters: 「配备专兼职组织员」 → 「专兼职组织员」.
fn words_before(before: &str) -> String {
    let clause: Vec<char> = before.chars().rev().take_while(|&c| super::is_word_char(c)).take(12).collect::<Vec<_>>().into_iter().rev().collect();
    let clause: String = clause.into_iter().collect();
    let mut start = 0;
    for v in VERBS {
        if let Some(i) = clause.rfind(v) {
            let tail = &clause[i + v.len()..];
            if tail.chars().count() >= 2 && i + v.len() > start {
                start = i + v.len();
            }
        }
    }
    let words = &clause[start..];
    // 「共XX人」: a verb alone names nothing.
    if VERBS.contains(&words) {
        return String::new();
    }
    let n = words.chars().count();
    words.chars().skip(n.saturating_sub(10)).collect()
}

/// The name of a text blank: the words after it (「XX大讲堂」 → 大讲堂名称), else before.
fn text_name(before: &str, after: &str) -> String {
    let stop = ['等', '和', '与', '及', '的', '在', '为', '是', '、'];
    let mut words: String = after.chars().take_while(|&c| super::is_word_char(c) && !stop.contains(&c)).take(6).collect();
    // 「××学院开展轮训」: the name ends where a verb starts.
    if let Some(cut) = VERBS.iter().filter_map(|v| words.find(v)).filter(|&i| i > 0).min() {
        words.truncate(cut);
    }
    match words.as_str() {
        "" => {
            let w = words_before(before);
            if w.is_empty() {
                "填写内容".to_owned()
            } else {
                w + "内容"
            }
        }
        w if w.starts_with("同志") || w.starts_with("书记") || w.starts_with("主任") => "姓名".to_owned(),
        w => format!("{w}名称"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, String)> {
        find(text, false).into_iter().map(|f| (f.key, text[f.start..f.end].to_owned())).collect()
    }

    #[test]
    fn named_from_their_words() {
        assert_eq!(keys("配备专兼职组织员XX人，培训党员XX名"), [("专兼职组织员人数".into(), "XX".into()), ("党员人数".into(), "XX".into())]);
        assert_eq!(keys("对全镇XX个村党支部实时监控，召开会议X次"), [("村党支部数".into(), "XX".into()), ("会议次数".into(), "X".into())]);
        assert_eq!(keys("20XX年以来，X乡镇和XX镇"), [("起始年份".into(), "20XX".into()), ("乡镇名称".into(), "X乡镇".into()), ("乡镇名称".into(), "XX镇".into())]);
        assert_eq!(keys("依托XX大讲堂等平台，发放资料××份"), [("大讲堂名称".into(), "XX".into()), ("资料份数".into(), "××".into())]);
        assert_eq!(keys("于X月X日召开"), [("日期".into(), "X月X日".into())]);
        assert_eq!(keys("依托××学院开展轮训，培训村干部XX人次"), [("学院名称".into(), "××".into()), ("村干部人次".into(), "XX".into())]);
        assert_eq!(find("20XX年X月X日", true)[0].key, "成文日期");
        assert!(keys("XXL号的衣服，MAX值").is_empty());
    }
}
