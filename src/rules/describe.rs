//! The rules in words, for the JSON Schema's description (`gongwen schema`): an editor shows
//! it to the clerk, who should learn there which checks span several fields.

use super::{field_at, year_of, Rule};
use crate::questionnaire::Questionnaire;

/// 「字段之间的规则（…）由 gongwen validate 检查。」 listing each rule, or `None` for a
/// questionnaire without rules.
///
/// A rule's `summary` is used as written; without one, the wording is generated from the
/// fields' labels (「自查年度 ≤ 成文日期的年份」), and comparisons that continue one another
/// are chained (A ≤ B, B ≤ C → 「A ≤ B ≤ C」). A rule whose summary is `""` is not listed,
/// and the list then ends with 「等」.
pub fn describe(q: &Questionnaire) -> Option<String> {
    if q.rules.is_empty() {
        return None;
    }
    let label = |path: &str| field_at(&q.fields, path).map_or_else(|| path.to_owned(), |f| f.label.clone());
    let item_label = |list: &str, key: &str| {
        let item = field_at(&q.fields, list).and_then(|f| f.items.as_deref());
        item.and_then(|i| i.fields.iter().find(|f| f.key == key)).map_or_else(|| key.to_owned(), |f| f.label.clone())
    };
    let than_words = |than: &str| match year_of(than) {
        Some(date) => format!("{}的年份", label(date)),
        None => label(than),
    };
    let mut pieces: Vec<String> = Vec::new();
    let mut omitted = false;
    // The `than` of the comparison just listed, which the next comparison may continue.
    let mut chain: Option<&str> = None;
    for rule in &q.rules {
        let summary = match rule {
            Rule::NotAfter { summary, .. } | Rule::NotMore { summary, .. } | Rule::Keys { summary, .. } | Rule::Requires { summary, .. } => summary,
        };
        match summary.as_deref() {
            Some("") => {
                omitted = true;
                chain = None;
                continue;
            }
            Some(own) => {
                pieces.push(own.to_owned());
                chain = None;
                continue;
            }
            None => {}
        }
        let comparison = match rule {
            Rule::NotAfter { field, than, .. } => Some((Some(field.as_str()), label(field), than.as_str())),
            Rule::NotMore { field: Some(field), than, .. } => Some((Some(field.as_str()), label(field), than.as_str())),
            Rule::NotMore { sum: Some(s), than, .. } => Some((None, format!("{}的{}合计", label(&s.list), item_label(&s.list, &s.key)), than.as_str())),
            _ => None,
        };
        if let Some((field, name, than)) = comparison {
            match (pieces.last_mut(), chain, field) {
                (Some(last), Some(previous), Some(field)) if previous == field => last.push_str(&format!(" ≤ {}", than_words(than))),
                _ => pieces.push(format!("{name} ≤ {}", than_words(than))),
            }
            chain = Some(than);
            continue;
        }
        chain = None;
        pieces.push(match rule {
            Rule::Keys { list, key, from: Some(from), to: Some(to), .. } => {
                format!("{}中{}不重复且在{}到{}之间", label(list), item_label(list, key), label(from), label(to))
            }
            Rule::Keys { list, key, .. } => format!("{}中{}不重复", label(list), item_label(list, key)),
            Rule::Requires { field, if_given, .. } => format!("填写{}时也要填写{}", label(if_given), label(field)),
            Rule::NotAfter { .. } | Rule::NotMore { .. } => continue,
        });
    }
    let more = if omitted { "等" } else { "" };
    Some(if pieces.is_empty() {
        "字段之间的规则由 gongwen validate 检查。".to_owned()
    } else {
        format!("字段之间的规则（{}{more}）由 gongwen validate 检查。", pieces.join("、"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(id: &str) -> String {
        describe(&crate::template::builtin(id).unwrap().questionnaire).unwrap()
    }

    #[test]
    fn each_kind_describes_its_own_rules() {
        assert_eq!(
            described("fazhan-dangyuan"),
            "字段之间的规则（起始年份 ≤ 截止年份 ≤ 成文日期的年份、年份不重复且在自查范围内等）由 gongwen validate 检查。"
        );
        assert_eq!(
            described("shuzhi-dangjian"),
            "字段之间的规则（述职年度 ≤ 成文日期的年份、软弱涣散村党组织数 ≤ 村党组织数、已整顿转化数 ≤ 软弱涣散村党组织数、\
             填写已整顿转化数时也要填写软弱涣散村党组织数）由 gongwen validate 检查。"
        );
    }

    #[test]
    fn comparisons_chain_and_lists_are_worded() {
        let q: Questionnaire = serde_json::from_value(serde_json::json!({
            "id": "t", "title": "t",
            "fields": [
                {"key": "a", "type": "integer", "label": "起", "hint": "h", "example": 1},
                {"key": "b", "type": "integer", "label": "止", "hint": "h", "example": 1},
                {"key": "d", "type": "date", "label": "日期", "hint": "h", "example": "2026-01-01"},
                {"key": "l", "type": "list", "label": "表", "hint": "h", "items": {"type": "object", "label": "项", "hint": "h",
                    "fields": [{"key": "n", "type": "integer", "label": "数", "hint": "h", "example": 1}]}}
            ],
            "rules": [
                {"rule": "not_after", "field": "a", "than": "b"},
                {"rule": "not_after", "field": "b", "than": "year(d)"},
                {"rule": "not_more", "sum": {"list": "l", "key": "n"}, "than": "b"},
                {"rule": "keys", "list": "l", "key": "n"},
                {"rule": "keys", "list": "l", "key": "n", "from": "a", "to": "b", "summary": "自己的话"}
            ]
        }))
        .unwrap();
        assert_eq!(describe(&q).unwrap(), "字段之间的规则（起 ≤ 止 ≤ 日期的年份、表的数合计 ≤ 止、表中数不重复、自己的话）由 gongwen validate 检查。");
        assert_eq!(describe(&Questionnaire { rules: vec![], ..q }), None);
    }
}
