//! Sections and numbering: the standard sections present, filled and in order; 一、 (一)
//! 1. (1) and 一是 sequences without gaps or repeats, restarting where they should.

use crate::inspect::outline::{self, Role};
use crate::inspect::Docx;
use crate::numerals::{chinese_number, parse_chinese_number};

use super::{CheckOptions, Finding};

pub(super) fn check(docx: &Docx, roles: &[Role], opts: &CheckOptions, out: &mut Vec<Finding>) {
    let level1 = level1_headings(roles);
    sections(docx, roles, &level1, opts, out);
    numbering(docx, roles, &level1, out);
    auto_numbering(docx, out);
}

/// Level-1 headings, typed 「一、」 or not (see `roles` in the parent module).
pub(super) fn level1_headings(roles: &[Role]) -> Vec<usize> {
    (0..roles.len()).filter(|&i| roles[i] == Role::Heading(1)).collect()
}

fn sections(docx: &Docx, roles: &[Role], level1: &[usize], opts: &CheckOptions, out: &mut Vec<Finding>) {
    let mut found: Vec<(&str, usize)> = Vec::new(); // (name, position among level-1 headings)
    for section in opts.sections.iter().filter(|s| !s.title.trim().is_empty()) {
        let name = section.title.trim();
        match level1.iter().position(|&i| section.matches(&docx.paragraphs[i].text)) {
            Some(k) => found.push((name, k)),
            None => out.push(Finding::new("section.missing", format!("缺少「{name}」部分：没有含「{name}」的一级标题"))),
        }
    }
    // Out of order: a section found before one that should precede it.
    for w in 1..found.len() {
        let (name, k) = found[w];
        if let Some(&(before, _)) = found[..w].iter().find(|(_, kb)| *kb > k) {
            out.push(Finding::new("section.order", format!("「{name}」部分应在「{before}」部分之后")).at(docx, level1[k]));
        }
    }
    // Empty: nothing but blank lines up to the next level-1 heading (or the 署名 and date).
    for &(name, k) in &found {
        let start = level1[k] + 1;
        let end = level1.get(k + 1).copied().unwrap_or(docx.paragraphs.len());
        let has_content = (start..end).any(|i| matches!(roles[i], Role::Body | Role::Heading(_)) && !docx.paragraphs[i].text.trim().is_empty());
        if !has_content {
            out.push(Finding::new("section.empty", format!("「{name}」部分只有标题，没有内容")).at(docx, level1[k]));
        }
    }
}

/// The first place where `nums` is not 1, 2, 3 …, described in words.
fn sequence_problem(nums: &[u64], label: &dyn Fn(u64) -> String) -> Option<(usize, String)> {
    for (k, &n) in nums.iter().enumerate() {
        let want = k as u64 + 1;
        if n == want {
            continue;
        }
        // The sequence up to just past the problem, its last 10 at most: a message for a
        // problem after thousands of headings must not quote them all.
        let upto = (k + 2).min(nums.len());
        let from = upto.saturating_sub(10);
        let mut seq: Vec<String> = nums[from..upto].iter().map(|&n| label(n)).collect();
        if from > 0 {
            seq.insert(0, "…".into());
        }
        let what = if k == 0 {
            format!("应从「{}」开始", label(1))
        } else if nums[..k].contains(&n) {
            format!("「{}」重复", label(n))
        } else if n == want + 1 {
            format!("缺少「{}」", label(want))
        } else if n > want {
            format!("缺少「{}」至「{}」", label(want), label(n - 1))
        } else {
            format!("「{}」顺序颠倒", label(n))
        };
        return Some((k, format!("{what}（{}）", seq.join(" "))));
    }
    None
}

fn numbering(docx: &Docx, roles: &[Role], level1: &[usize], out: &mut Vec<Finding>) {
    let paras = &docx.paragraphs;
    let cn = |re: &regex::Regex, t: &str| re.captures(t).and_then(|c| parse_chinese_number(&c[1]));
    let ar = |re: &regex::Regex, t: &str| re.captures(t).and_then(|c| c[1].parse::<u64>().ok());

    // Level 1, over the whole document.
    let mut items: Vec<(usize, u64)> = Vec::new();
    let mut auto = false;
    for &i in level1 {
        match cn(outline::level1_number(), &paras[i].text) {
            Some(n) => items.push((i, n)),
            None if paras[i].numbered => auto = true,
            None => out.push(
                Finding::new("numbering.level1", format!("一级标题没有编号，应写作「{}、{}」", chinese_number(items.len() as u64 + 1), paras[i].text.trim()))
                    .at(docx, i),
            ),
        }
    }
    if !auto {
        report(docx, &items, "numbering.level1", "一级标题编号", &|n| format!("{}、", chinese_number(n)), out);
    }

    // Levels 2–4 and 一是: each restarts under any heading above it.
    let level_of = |i: usize| -> Option<u8> {
        let t = paras[i].text.trim();
        match roles[i] {
            Role::Heading(l) => Some(l),
            // 「（一）加强组织领导。……」: a run-in level-2 heading in a body paragraph.
            Role::Body if outline::level2_number().is_match(t) => Some(2),
            _ => None,
        }
    };
    let mut runs: [Vec<(usize, u64)>; 5] = Default::default(); // index 2..=4 levels, 0 ordinal
    let flush = |run: &mut Vec<(usize, u64)>, level: usize, out: &mut Vec<Finding>| {
        let (code, what, label): (&'static str, &str, Box<dyn Fn(u64) -> String>) = match level {
            2 => ("numbering.level2", "二级标题编号", Box::new(|n| format!("（{}）", chinese_number(n)))),
            3 => ("numbering.level3", "三级标题编号", Box::new(|n| format!("{n}."))),
            4 => ("numbering.level4", "四级标题编号", Box::new(|n| format!("（{n}）"))),
            _ => ("numbering.ordinal", "「一是、二是」序列", Box::new(|n| format!("{}是", chinese_number(n)))),
        };
        report(docx, run, code, what, &*label, out);
        run.clear();
    };
    for i in 0..paras.len() {
        if paras[i].in_table {
            continue;
        }
        if let Some(level) = level_of(i) {
            // A heading closes the runs of its own level's children and below, and 一是.
            for (l, run) in runs.iter_mut().enumerate().skip(level as usize + 1) {
                if l >= 2 {
                    flush(run, l, out);
                }
            }
            flush(&mut runs[0], 0, out);
            let n = match level {
                2 => cn(outline::level2_number(), &paras[i].text),
                3 => ar(outline::level3_number(), &paras[i].text),
                4 => ar(outline::level4_number(), &paras[i].text),
                _ => None,
            };
            if let Some(n) = n {
                runs[level as usize].push((i, n));
            }
            continue;
        }
        if roles[i] == Role::Body {
            if let Some(n) = cn(outline::ordinal_number(), &paras[i].text) {
                // 「一是」 after other text may start a second list in the same section.
                if n == 1 && !runs[0].is_empty() {
                    flush(&mut runs[0], 0, out);
                }
                runs[0].push((i, n));
            }
        }
    }
    for l in [0, 2, 3, 4] {
        flush(&mut runs[l], l, out);
    }
}

fn report(docx: &Docx, items: &[(usize, u64)], code: &'static str, what: &str, label: &dyn Fn(u64) -> String, out: &mut Vec<Finding>) {
    let nums: Vec<u64> = items.iter().map(|(_, n)| *n).collect();
    if let Some((k, why)) = sequence_problem(&nums, label) {
        out.push(Finding::new(code, format!("{what}不连续：{why}")).at(docx, items[k].0));
    }
}

fn auto_numbering(docx: &Docx, out: &mut Vec<Finding>) {
    let numbered: Vec<usize> = (0..docx.paragraphs.len()).filter(|&i| docx.paragraphs[i].numbered).collect();
    if let Some(&first) = numbered.first() {
        out.push(
            Finding::new(
                "numbering.auto",
                format!(
                    "有 {} 段使用了 Word 自动编号（列表编号）：打印出的编号不在文字中，无法核对是否连续，换一台电脑或另存后可能变化；公文编号宜直接输入",
                    numbered.len()
                ),
            )
            .at(docx, first),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(n: u64) -> String {
        format!("{}是", chinese_number(n))
    }

    #[test]
    fn sequences_in_words() {
        assert_eq!(sequence_problem(&[1, 2, 3], &label), None);
        assert_eq!(sequence_problem(&[], &label), None);
        assert_eq!(sequence_problem(&[1, 2, 2, 4], &label).unwrap(), (2, "「二是」重复（一是 二是 二是 四是）".into()));
        assert_eq!(sequence_problem(&[1, 3], &label).unwrap(), (1, "缺少「二是」（一是 三是）".into()));
        assert_eq!(sequence_problem(&[1, 2, 5], &label).unwrap().1, "缺少「三是」至「四是」（一是 二是 五是）");
        assert_eq!(sequence_problem(&[2, 3], &label).unwrap().1, "应从「一是」开始（二是 三是）");
        assert_eq!(sequence_problem(&[1, 3, 2], &label).unwrap().0, 1);
        let long: Vec<u64> = (1..=5_000).chain([5_000]).collect();
        assert_eq!(sequence_problem(&long, &|n| n.to_string()).unwrap().1, "「5000」重复（… 4992 4993 4994 4995 4996 4997 4998 4999 5000 5000）");
    }
}
