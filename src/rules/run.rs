//! Running the declared rules over an answers value that has been checked field by field.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{field_at, year_of, Rule, Wording};
use crate::diag::Diagnostic;
use crate::questionnaire::{as_integer, parse_date, reading, Decimal, Field, Questionnaire};

/// Runs every rule of `q` over `value` and appends what they find to `diags`, in the order
/// of the rules. Values that already have an error in `diags` are not read.
pub fn run(q: &Questionnaire, value: &Value, diags: &mut Vec<Diagnostic>) {
    if q.rules.is_empty() {
        return;
    }
    let bad: HashSet<String> = diags.iter().filter(|d| d.is_error()).filter_map(|d| d.path.clone()).collect();
    let ctx = Ctx { q, value, bad };
    let mut found = Vec::new();
    for rule in &q.rules {
        ctx.rule(rule, &mut found);
    }
    diags.extend(found);
}

struct Ctx<'a> {
    q: &'a Questionnaire,
    value: &'a Value,
    /// The paths that already have an error.
    bad: HashSet<String>,
}

/// A value a rule compares: its order and how the message writes it.
struct Scalar {
    order: i64,
    shown: String,
}

impl Ctx<'_> {
    fn get(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self.value, |v, k| v.get(k))
    }

    fn is_bad(&self, path: &str) -> bool {
        !self.bad.is_empty() && self.bad.contains(path)
    }

    fn label(&self, path: &str) -> String {
        field_at(&self.q.fields, path).map_or_else(|| path.to_owned(), |f| f.label.clone())
    }

    /// The integer at `path`; for a value with an error, the whole number it spells
    /// (「二〇二四」, see [`reading`]), so that the rules still run over it.
    fn int(&self, path: &str) -> Option<i64> {
        let v = self.get(path)?;
        if self.is_bad(path) {
            return field_at(&self.q.fields, path).and_then(|f| reading(f, v));
        }
        as_integer(v)
    }

    /// An integer, or a date (ordered as yyyymmdd, written as in the file).
    fn scalar(&self, path: &str) -> Option<Scalar> {
        if let Some(n) = self.int(path) {
            return Some(Scalar { order: n, shown: n.to_string() });
        }
        if self.is_bad(path) {
            return None;
        }
        let v = self.get(path)?;
        if let Some(n) = as_integer(v) {
            return Some(Scalar { order: n, shown: n.to_string() });
        }
        let d = parse_date(v.as_str()?).ok()?;
        let order = i64::from(d.year) * 10_000 + i64::from(d.month) * 100 + i64::from(d.day);
        Some(Scalar { order, shown: d.to_iso() })
    }

    /// True when the field holds an answer: present, not null, not a blank text, not an
    /// empty list or object.
    fn answered(&self, path: &str) -> bool {
        match self.get(path) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !crate::questionnaire::is_blank(s),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(m)) => !m.is_empty(),
            Some(_) => true,
        }
    }

    fn rule(&self, rule: &Rule, out: &mut Vec<Diagnostic>) {
        match rule {
            Rule::NotAfter { field, than, message, hint, .. } => {
                let (limit, default) = match year_of(than) {
                    Some(date) => (self.date_year(date), "{字段} {值} 晚于{对比字段}所在的 {对比值} 年"),
                    None => (self.scalar(than), "{字段} {值} 晚于{对比字段} {对比值}"),
                };
                let than_path = year_of(than).unwrap_or(than);
                if let (Some(a), Some(b)) = (self.scalar(field), limit) {
                    if a.order > b.order {
                        let slots = self.pair_slots(self.label(field), a.shown, than_path, b.shown);
                        let wording = (message.as_deref().unwrap_or(default), hint.as_deref().unwrap_or("检查{字段}和{对比字段}是否写错"));
                        out.push(error(wording, &slots).at(field.as_str()));
                    }
                }
            }
            Rule::NotMore { field, sum, than, message, hint, .. } => {
                let (value, name, at, printer) = match (field, sum) {
                    (Some(f), _) => (self.number(f), self.label(f), f.clone(), field_at(&self.q.fields, f)),
                    (None, Some(s)) => {
                        let name = format!("{}的{}合计", self.label(&s.list), self.item_label(&s.list, &s.key));
                        (self.sum(&s.list, &s.key), name, s.list.clone(), self.item_field(&s.list, &s.key))
                    }
                    (None, None) => return,
                };
                if let (Some(a), Some(b)) = (value, self.number(than)) {
                    if a > b {
                        let slots = self.pair_slots(name, shown(printer, &a), than, shown(field_at(&self.q.fields, than), &b));
                        let wording = (message.as_deref().unwrap_or("{字段} {值} 超过了{对比字段} {对比值}"), hint.as_deref().unwrap_or("检查这两个数字是否填反或写错"));
                        out.push(error(wording, &slots).at(at));
                    }
                }
            }
            Rule::Keys { list, key, from, to, missing, duplicate, outside, absent, .. } => {
                self.keys(list, key, (from.as_deref(), to.as_deref()), *missing, [duplicate, outside, absent], out);
            }
            Rule::Requires { field, if_given, message, hint, .. } => {
                if self.answered(if_given) && !self.answered(field) && !self.is_bad(field) {
                    let slots = [("字段", self.label(field)), ("条件字段", self.label(if_given))];
                    let wording = (message.as_deref().unwrap_or("填写了{条件字段}时，{字段}也要填写"), hint.as_deref().unwrap_or("请填写{字段}，或删去{条件字段}"));
                    out.push(error(wording, &slots).at(field.as_str()));
                }
            }
        }
    }

    fn date_year(&self, path: &str) -> Option<Scalar> {
        if self.is_bad(path) {
            return None;
        }
        let d = parse_date(self.get(path)?.as_str()?).ok()?;
        Some(Scalar { order: i64::from(d.year), shown: d.year.to_string() })
    }

    fn pair_slots(&self, name: String, value: String, than: &str, limit: String) -> [(&'static str, String); 4] {
        [("字段", name), ("值", value), ("对比字段", self.label(than)), ("对比值", limit)]
    }

    fn item_label(&self, list: &str, key: &str) -> String {
        self.item_field(list, key).map_or_else(|| key.to_owned(), |f| f.label.clone())
    }

    fn item_field(&self, list: &str, key: &str) -> Option<&Field> {
        let item = field_at(&self.q.fields, list).and_then(|f| f.items.as_deref());
        item.and_then(|i| i.fields.iter().find(|f| f.key == key))
    }

    /// `key` of the `i`-th item of `list` as an integer, read as [`Ctx::int`] reads a field.
    fn item_int(&self, list: &str, i: usize, item: &Value, key: &str) -> Option<i64> {
        let v = item.get(key)?;
        if self.is_bad(&format!("{list}[{i}].{key}")) {
            return self.item_field(list, key).and_then(|f| reading(f, v));
        }
        as_integer(v)
    }

    /// The sum of `key` over the items of `list`, exact; `None` unless every item has a
    /// valid one.
    fn sum(&self, list: &str, key: &str) -> Option<Decimal> {
        let items = self.get(list)?.as_array()?;
        let decimal = self.item_field(list, key).is_some_and(|f| f.kind.is_decimal());
        items.iter().enumerate().try_fold(Decimal::from_int(0), |total, (i, item)| {
            let one = if decimal {
                item.get(key).filter(|_| !self.is_bad(&format!("{list}[{i}].{key}"))).and_then(Value::as_number).and_then(Decimal::of)?
            } else {
                Decimal::from_int(self.item_int(list, i, item, key)?)
            };
            Some(total.add(&one))
        })
    }

    /// An integer, decimal or percentage field's value, exact.
    fn number(&self, path: &str) -> Option<Decimal> {
        if field_at(&self.q.fields, path).is_some_and(|f| f.kind.is_decimal()) {
            if self.is_bad(path) {
                return None;
            }
            return self.get(path)?.as_number().and_then(Decimal::of);
        }
        self.int(path).map(Decimal::from_int)
    }

    /// The `keys` rule: distinct keys, each inside the range, the range's missing members.
    /// A repeated key is reported once, as repeated (not also as outside the range). Each
    /// check needs only its own inputs: uniqueness the list, the lower bound `from`, the
    /// upper bound `to`, the missing members both bounds and every key.
    fn keys(
        &self,
        list: &str,
        key: &str,
        (from, to): (Option<&str>, Option<&str>),
        report_missing: bool,
        [duplicate, outside, absent]: [&Option<Wording>; 3],
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(items) = self.get(list).and_then(Value::as_array) else { return };
        let (low, high) = (from.and_then(|f| self.int(f)), to.and_then(|t| self.int(t)));
        // Reversed bounds are the other rule's finding; no key is judged against them.
        let reversed = matches!((low, high), (Some(s), Some(e)) if s > e);
        let range = match (low, high) {
            (Some(s), Some(e)) if s <= e => Some((s, e)),
            _ => None,
        };
        let key_label = self.item_label(list, key);
        let range_slots = |s: i64, e: i64| {
            [("起", s.to_string()), ("止", e.to_string()), ("起字段", from.map(|f| self.label(f)).unwrap_or_default()), ("止字段", to.map(|t| self.label(t)).unwrap_or_default())]
        };
        let mut seen: HashMap<i64, usize> = HashMap::new();
        let mut all_valid = true;
        for (i, item) in items.iter().enumerate() {
            // Paths are only written out for a finding, or to look one up among the errors.
            let path = || format!("{list}[{i}].{key}");
            let Some(k) = self.item_int(list, i, item, key) else {
                all_valid = false;
                continue;
            };
            if let Some(&first) = seen.get(&k) {
                let slots = [("键", key_label.clone()), ("值", k.to_string()), ("首次", format!("{list}[{first}].{key}"))];
                out.push(error(wording(duplicate, "{键} {值} 重复，与「{首次}」相同", "每个{键}只填一项"), &slots).at(path()));
                continue;
            }
            seen.insert(k, i);
            if let Some((s, e)) = range.filter(|&(s, e)| k < s || k > e) {
                let mut slots = vec![("键", key_label.clone()), ("值", k.to_string())];
                slots.extend(range_slots(s, e));
                out.push(error(wording(outside, "{键} {值} 不在 {起}—{止} 之间", "只填{起字段}到{止字段}之间的{键}"), &slots).at(path()));
            } else if range.is_none() && !reversed {
                // One bound is unknown (its field has an error that names no number): the
                // other still holds, said on its own.
                let slots = |bound: &str, limit: i64| {
                    [("键", key_label.clone()), ("值", k.to_string()), ("界", limit.to_string()), ("界字段", self.label(bound))]
                };
                let hint = outside.as_ref().and_then(|w| w.hint.as_deref());
                let one_side = match (from.zip(low), to.zip(high)) {
                    (Some((f, s)), _) if k < s => Some(("{键} {值} 早于{界字段} {界}", slots(f, s))),
                    (_, Some((t, e))) if k > e => Some(("{键} {值} 晚于{界字段} {界}", slots(t, e))),
                    _ => None,
                };
                if let Some((message, slots)) = one_side {
                    out.push(error((message, hint.unwrap_or("检查{键}和{界字段}是否写错")), &slots).at(path()));
                }
            }
        }
        let Some((s, e)) = range.filter(|_| all_valid && report_missing) else { return };
        // Counted, not listed: a range can be far longer than the list.
        let inside = seen.keys().filter(|&&k| s <= k && k <= e).count() as i128;
        let count = (i128::from(e) - i128::from(s) + 1) - inside;
        if count <= 0 {
            return;
        }
        let first: Vec<String> = (s..=e).filter(|k| !seen.contains_key(k)).take(5).map(|k| k.to_string()).collect();
        let shown = if count > 5 { format!("{} 等 {count} 个{key_label}", first.join("、")) } else { first.join("、") };
        let mut slots = vec![("键", key_label.clone()), ("列表", self.label(list)), ("缺少", shown)];
        slots.extend(range_slots(s, e));
        let (message, hint) = wording(absent, "{列表}中缺少{键} {缺少}", "缺少的{键}也请填写一项");
        out.push(Diagnostic::warning(fill(message, &slots)).at(list).with_hint(fill(hint, &slots)));
    }
}

/// A number as its field prints it: 「12.50」, 「95.5%」, or as written.
fn shown(field: Option<&Field>, d: &Decimal) -> String {
    match field {
        Some(f) if f.kind.is_decimal() => f.print_decimal(d),
        _ => d.to_string(),
    }
}

/// A rule's wording, or the generated one.
fn wording<'a>(own: &'a Option<Wording>, message: &'a str, hint: &'a str) -> (&'a str, &'a str) {
    let own = own.as_ref();
    (own.and_then(|w| w.message.as_deref()).unwrap_or(message), own.and_then(|w| w.hint.as_deref()).unwrap_or(hint))
}

fn error((message, hint): (&str, &str), slots: &[(&str, String)]) -> Diagnostic {
    Diagnostic::error(fill(message, slots)).with_hint(fill(hint, slots))
}

/// Fills `{名}` slots; an unknown slot stays as written, so a typo shows in the message.
fn fill(text: &str, slots: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| slots.iter().find(|(n, _)| *n == &after[..close]).map(|(_, v)| (close, v))) {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
