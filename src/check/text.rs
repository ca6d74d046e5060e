//! Text residue: placeholders a clerk forgot to fill in, and the advert or watermark lines
//! that 范文 downloaded from document sites carry.

use std::collections::HashSet;
use crate::inspect::Docx;
use crate::passes::{adverts, placeholders};

use super::Finding;

/// Most distinct texts quoted in one finding; more are summed up as 「等 N 种」.
const MAX_QUOTED: usize = 10;

/// The distinct texts found, in order of first appearance, each in 「」 (at most
/// [`MAX_QUOTED`]). A set remembers what was seen: comparing each with all before it was
/// quadratic in a paragraph of thousands of different 【…】.
fn quoted(found: &[String]) -> String {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = String::new();
    for f in found {
        if seen.insert(f.as_str()) && seen.len() <= MAX_QUOTED {
            out.push_str(&format!("「{f}」"));
        }
    }
    if seen.len() > MAX_QUOTED {
        out.push_str(&format!("等 {} 种", seen.len()));
    }
    out
}

pub(super) fn check(docx: &Docx, out: &mut Vec<Finding>) {
    for (i, p) in docx.paragraphs.iter().enumerate() {
        let ph: Vec<String> = placeholders::find(&p.text).into_iter().map(|p| p.text).collect();
        if !ph.is_empty() {
            out.push(Finding::new("text.placeholder", format!("残留占位符{}，请填写实际内容或删去", quoted(&ph))).at(docx, i));
        }
        // The rule `render` removes by, so that `check` never rejects what `render` wrote.
        let ad = adverts::find(&p.text);
        if !ad.is_empty() {
            out.push(Finding::new("text.advert", format!("疑似广告或水印残留{}，请删去", quoted(&ad))).at(docx, i));
        }
    }
    for f in &docx.layout.footers {
        let ph: Vec<String> = placeholders::find(&f.text).into_iter().map(|p| p.text).collect();
        if !ph.is_empty() {
            out.push(Finding::new("text.placeholder", format!("页脚残留占位符{}", quoted(&ph))).quoting(&f.text));
        }
        let ad = adverts::find(&f.text);
        if !ad.is_empty() {
            out.push(Finding::new("text.advert", format!("页脚有疑似广告或水印残留{}，请删去", quoted(&ad))).quoting(&f.text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_each_text_once_and_at_most_ten() {
        let found: Vec<String> = ["XX", "某某", "XX"].iter().map(|s| s.to_string()).collect();
        assert_eq!(quoted(&found), "「XX」「某某」");
        let many: Vec<String> = (0..50_000).map(|i| format!("【{}】", i % 20_000)).collect();
        assert_eq!(quoted(&many), format!("{}等 20000 种", (0..10).map(|i| format!("「【{i}】」")).collect::<String>()));
    }
}
