//! The structured 范文 → the files of a report kind (template.json, questionnaire.json,
//! report.hbs, an example with its outline snapshot, the 范文's list items as defaults).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::fields::{self, Kind};
use super::json::Node;
use super::questionnaire::{example_and_hint, field_node, list_node, list_value};
use super::{Counts, Imported, DEFAULTS, EXAMPLE};
use crate::model::{Block, Item, Text};
use crate::readers::raw::Location;
use crate::readers::structure::Structured;

/// A field the import made, and every sentence it came from.
#[derive(Debug, Clone)]
pub struct FieldMade {
    pub key: String,
    pub kind: Kind,
    /// (where, the sentence, the placeholder as written); empty for a field the import added.
    pub from: Vec<(Location, String, String)>,
    pub(super) example: Value,
    pub(super) hint: String,
}

/// A list field made of an enumeration: its key, how many items, where it started.
#[derive(Debug, Clone)]
pub struct ListMade {
    pub key: String,
    pub items: Vec<(Option<String>, String)>,
    pub at: Location,
}

#[derive(Default)]
struct Maker {
    fields: Vec<FieldMade>,
    /// Index of each field and list key (fields: into `fields`; lists: `usize::MAX`).
    index: HashMap<String, usize>,
    lists: Vec<ListMade>,
    /// Field keys and list keys in the order of the questionnaire.
    order: Vec<String>,
    /// Items kept in the skeleton because they hold a placeholder.
    fixed: Vec<Location>,
    skeleton: Vec<String>,
    sections: Vec<String>,
}

/// Builds the kind (see the module notes); `Err` only when the kind made does not render
/// (which would be a fault of the import, reported rather than written).
pub fn make(s: Structured, id: &str) -> Result<Imported, String> {
    let mut m = Maker::default();
    let mut counts = Counts::default();
    let mut heading = String::from("条目");
    let (mut signed, mut dated) = (false, false);
    let mut name = String::new();
    let blocks = &s.document.blocks;
    let mut i = 0;
    while i < blocks.len() {
        let at = &s.origins[i];
        match &blocks[i] {
            Block::Title(t) => {
                name = without_placeholders(&t.to_plain());
                let line = format!("@title {}", m.fill(&t.to_plain(), at, false));
                m.skeleton.push(line);
            }
            Block::Recipient(t) => {
                let text = t.to_plain();
                let line = format!("@recipient {}", m.fill(text.trim_end_matches(['：', ':']), at, false));
                m.skeleton.push(line);
            }
            Block::Heading { level, text, .. } => {
                counts.headings[usize::from(*level).clamp(1, 4) - 1] += 1;
                let plain = text.to_plain();
                heading = plain.trim_end_matches(['。', '：', ':']).to_owned();
                if *level == 1 && fields::find(&plain, false).is_empty() {
                    m.sections.push(plain.clone());
                }
                if *level == 1 {
                    m.skeleton.push(String::new());
                }
                let line = format!("@h{level} {}", m.fill(&plain, at, false));
                m.skeleton.push(line);
            }
            Block::Paragraph(t) => {
                counts.paragraphs += 1;
                let line = format!("@p {}", m.fill(&t.to_plain(), at, false));
                m.skeleton.push(line);
            }
            Block::Item(_) => {
                let start = i;
                while i + 1 < blocks.len() && matches!(blocks[i + 1], Block::Item(_)) {
                    i += 1;
                }
                let items: Vec<&Item> = blocks[start..=i].iter().filter_map(|b| if let Block::Item(it) = b { Some(it) } else { None }).collect();
                counts.items += items.len();
                m.enumeration(&items, &s.origins[start..=i], &heading);
            }
            // The structure reader keeps tables apart (`Structured::tables`): none is a block.
            Block::Table(_) => {}
            Block::Signature(t) => {
                signed = true;
                let text = t.to_plain();
                if fields::find(&text, false).is_empty() {
                    m.added_field("署名", Kind::Text, json!(text), "报告落款的发文机关全称（范文中写的是「".to_owned() + &text + "」）");
                    m.skeleton.push("@signature {{署名}}".into());
                } else {
                    let line = format!("@signature {}", m.fill(&text, at, false));
                    m.skeleton.push(line);
                }
            }
            Block::Date(t) => {
                dated = true;
                m.date_line(&t.to_plain(), at);
            }
        }
        i += 1;
    }
    let mut added = Vec::new();
    if !signed {
        m.added_field("署名", Kind::Text, json!("中共青石镇委员会"), "报告落款的发文机关全称".into());
        m.skeleton.push("@signature {{署名}}".into());
        added.push("范文没有署名：加了字段「署名」（落款的发文机关）".to_owned());
    }
    if !dated {
        m.added_field("成文日期", Kind::Date { month_day: false }, json!("2025-12-31"), "按 YYYY-MM-DD 填写，报告落款印成「2025年12月31日」".into());
        m.skeleton.push("@date {{成文日期}}".into());
        added.push("范文没有成文日期：加了字段「成文日期」".to_owned());
    }
    if name.is_empty() {
        name = "导入的报告".into();
    }
    if !blocks.iter().any(|b| matches!(b, Block::Title(_))) {
        m.skeleton.insert(0, format!("@title {name}"));
        added.push(format!("范文中找不到标题：标题暂用「{name}」，请在 report.hbs 的 @title 行改写"));
    }
    if m.sections.is_empty() {
        return Err("范文中没有一级标题（「一、……」，或 .docx 的标题 1 样式、Markdown 的 ##）：报告模板至少要分一个部分，请在范文中加上一级标题后再导入".into());
    }
    let files = m.files(id, &name)?;
    let mut unplaced: Vec<(Location, String)> = s.tables.iter().map(|(_, t)| (t.at.clone(), format!("表格（{} 行）没有放入模板：请在 report.hbs 中用文字写出，或等模板支持表格", t.rows.len()))).collect();
    unplaced.extend(s.notes.iter().map(|n| (n.at.clone(), n.what.clone())));
    Ok(Imported { files, fields: m.fields, lists: m.lists, fixed_items: m.fixed, removed: s.removed, unplaced, added, counts })
}

impl Maker {
    fn get_mut(&mut self, key: &str) -> Option<&mut FieldMade> {
        match self.index.get(key) {
            Some(&i) if i != usize::MAX => self.fields.get_mut(i),
            _ => None,
        }
    }

    fn add(&mut self, f: FieldMade) {
        self.index.insert(f.key.clone(), self.fields.len());
        self.order.push(f.key.clone());
        self.fields.push(f);
    }

    /// The skeleton text of `text`: its wording escaped, each placeholder a field.
    fn fill(&mut self, text: &str, at: &Location, on_date_line: bool) -> String {
        let mut out = String::new();
        let mut last = 0;
        for f in fields::find(text, on_date_line) {
            out.push_str(&escape(&text[last..f.start]));
            last = f.end;
            let key = self.field(&f.key, f.kind, at, &sentence(text, f.start, f.end), &f.written);
            out.push_str(&match f.kind {
                Kind::Date { month_day: false } => format!("{{{{date {key} \"年月日\"}}}}"),
                Kind::Date { month_day: true } => format!("{{{{date {key} \"月日\"}}}}"),
                _ => format!("{{{{{key}}}}}"),
            });
        }
        out.push_str(&escape(&text[last..]));
        out
    }

    /// The field for a placeholder: the one of the same name and kind, or a new one (a
    /// name taken by another kind gets a number).
    fn field(&mut self, key: &str, kind: Kind, at: &Location, sentence: &str, written: &str) -> String {
        let mut name = key.to_owned();
        let mut n = 1;
        while self.index.contains_key(&name) {
            if let Some(f) = self.get_mut(&name).filter(|f| f.kind == kind) {
                f.from.push((at.clone(), sentence.to_owned(), written.to_owned()));
                return name;
            }
            n += 1;
            name = format!("{key}{n}");
        }
        let (example, hint) = example_and_hint(&name, kind, sentence);
        self.add(FieldMade { key: name.clone(), kind, from: vec![(at.clone(), sentence.to_owned(), written.to_owned())], example, hint });
        name
    }

    fn added_field(&mut self, key: &str, kind: Kind, example: Value, hint: String) {
        if !self.index.contains_key(key) {
            self.add(FieldMade { key: key.into(), kind, from: Vec::new(), example, hint });
        }
    }

    /// The date line is always the 成文日期 field: a blank one, or a real date (then the
    /// field's example).
    fn date_line(&mut self, text: &str, at: &Location) {
        let real = crate::template::helpers::read_date(text);
        let example = real.map_or(json!("2025-12-31"), |d| json!(d.to_iso()));
        if let Some(f) = self.get_mut("成文日期") {
            f.from.push((at.clone(), text.to_owned(), text.to_owned()));
        } else if !self.index.contains_key("成文日期") {
            let (_, hint) = example_and_hint("成文日期", Kind::Date { month_day: false }, text);
            self.add(FieldMade { key: "成文日期".into(), kind: Kind::Date { month_day: false }, from: vec![(at.clone(), text.to_owned(), text.to_owned())], example, hint });
        }
        self.skeleton.push("@date {{成文日期}}".into());
    }

    /// Items in a row: runs of items without placeholders become list fields (the 范文's
    /// items their examples); an item with a placeholder stays in the skeleton, its blanks
    /// fields, so that the list keeps the order of the 范文.
    fn enumeration(&mut self, items: &[&Item], origins: &[Location], heading: &str) {
        let has_blank = |it: &Item| it.title.iter().chain(&it.paragraphs).any(|t| !fields::find(&t.to_plain(), false).is_empty());
        let mut k = 0;
        while k < items.len() {
            if has_blank(items[k]) {
                let it = items[k];
                let title = it.title.as_ref().map(|t| self.fill(&t.to_plain(), &origins[k], false)).unwrap_or_default();
                let body: Vec<String> = it.paragraphs.iter().map(|p| self.fill(&p.to_plain(), &origins[k], false)).collect();
                self.skeleton.push(format!("@item {title}|{}", body.join("\\n")));
                self.fixed.push(origins[k].clone());
                k += 1;
                continue;
            }
            let start = k;
            while k < items.len() && !has_blank(items[k]) {
                k += 1;
            }
            let run: Vec<(Option<String>, String)> = items[start..k]
                .iter()
                .map(|it| (it.title.as_ref().map(Text::to_plain), it.paragraphs.iter().map(Text::to_plain).collect::<Vec<_>>().join("\n")))
                .collect();
            let key = self.list_key(heading);
            let titled = run.iter().any(|(t, _)| t.is_some());
            self.skeleton.push(format!("{{{{#each {key}}}}}"));
            self.skeleton.push(if titled { "@item {{标题}}|{{内容}}".into() } else { "@item |{{this}}".into() });
            self.skeleton.push("{{/each}}".into());
            self.lists.push(ListMade { key: key.clone(), items: run, at: origins[start].clone() });
            self.index.insert(key.clone(), usize::MAX);
            self.order.push(key);
        }
    }

    /// A list's key from its heading: its letters only, at most 16; a taken one gets 续.
    fn list_key(&self, heading: &str) -> String {
        let base: String = heading.chars().filter(|&c| super::is_word_char(c)).take(16).collect();
        let base = if base.is_empty() { "条目".to_owned() } else { base };
        let mut key = base.clone();
        let mut n = 1;
        while self.index.contains_key(&key) {
            n += 1;
            key = format!("{base}续{n}");
        }
        key
    }

    fn files(&self, id: &str, name: &str) -> Result<Vec<(String, String)>, String> {
        let mut order: Vec<&String> = self.order.iter().collect();
        // The township first, the 署名 and date last, as in the built-in kinds.
        order.sort_by_key(|k| match k.as_str() {
            "乡镇名称" => 0,
            "署名" => 2,
            "成文日期" => 3,
            _ => 1,
        });
        let mut q_fields = Vec::new();
        let mut example = vec![("$template".to_owned(), Node::leaf(id))];
        let mut defaults = Vec::new();
        let lists: HashMap<&str, &ListMade> = self.lists.iter().map(|l| (l.key.as_str(), l)).collect();
        for key in order {
            if let Some(f) = self.index.get(key.as_str()).and_then(|&i| self.fields.get(i)) {
                q_fields.push(field_node(f));
                example.push((f.key.clone(), Node::Leaf(f.example.clone())));
            } else if let Some(l) = lists.get(key.as_str()) {
                q_fields.push(list_node(l));
                example.push((l.key.clone(), list_value(l)));
                defaults.push((l.key.clone(), list_value(l)));
            }
        }
        let questionnaire = Node::Map(vec![("id".into(), Node::leaf(id)), ("title".into(), Node::leaf(name)), ("fields".into(), Node::List(q_fields))]).pretty();
        let sections = self.sections.iter().map(|s| Node::Map(vec![("title".into(), Node::leaf(s.as_str()))])).collect();
        let manifest = Node::Map(vec![
            ("id".into(), Node::leaf(id)),
            ("name".into(), Node::leaf(name)),
            ("format".into(), Node::leaf(crate::template::FORMAT)),
            ("sections".into(), Node::List(sections)),
            ("document_date".into(), Node::leaf("成文日期")),
        ])
        .pretty();
        let skeleton = format!("{{{{!--\n  {name}：由 gongwen template import 从范文导入的报告骨架（指令见内置模板 fazhan-dangyuan 的 report.hbs 开头）。\n  范文中的占位符已换成字段，条目列表的原文在 {DEFAULTS} 中。\n--}}}}\n{}\n", self.skeleton.join("\n"));
        let example = Node::Map(example).pretty();
        // The loader reads these three within a bound: a kind it would refuse is not written.
        for (file, text) in [("template.json", &manifest), ("questionnaire.json", &questionnaire), (crate::template::SKELETON, &skeleton)] {
            let limit = crate::template::MAX_FILE_BYTES as usize;
            if text.len() > limit {
                return Err(format!(
                    "范文太长：导入后的 {file} 有 {} KB，超过模板文件的上限 {} KB；请删去重复的部分，或把范文分成几份分别导入",
                    text.len() / 1024,
                    limit / 1024
                ));
            }
        }
        let template = crate::template::Template::from_sources(&manifest, &questionnaire, &skeleton).map_err(|e| format!("导入生成的模板无法载入（这是 gongwen 的问题，请报告）：{e}"))?;
        let options = crate::render::Options { strict: false, template: Arc::new(template) };
        let report = crate::render::render_bytes(example.as_bytes(), EXAMPLE, &options).map_err(|d| {
            let lines: Vec<String> = d.iter().map(|d| d.to_string()).collect();
            format!("导入生成的样例无法生成报告（这是 gongwen 的问题，请报告）：{}", lines.join("；"))
        })?;
        let outline = crate::inspect::read(&report.docx).map(|d| crate::inspect::outline::dump(&d)).map_err(|e| format!("导入生成的样例报告无法读回：{e}"))?;
        let mut files = vec![
            ("template.json".to_owned(), manifest),
            ("questionnaire.json".to_owned(), questionnaire),
            (crate::template::SKELETON.to_owned(), skeleton),
            (EXAMPLE.to_owned(), example),
            (EXAMPLE.replace(".json", ".expected.txt"), outline),
        ];
        if !defaults.is_empty() {
            files.push((DEFAULTS.to_owned(), Node::Map(defaults).pretty()));
        }
        Ok(files)
    }
}

/// The sentence of `text` around bytes `start..end` (to the 。！？； before and after).
/// At most [`SENTENCE_BYTES`] each way, so that a long line of blanks stays linear.
fn sentence(text: &str, start: usize, end: usize) -> String {
    let stops = ['。', '！', '？', '；'];
    let mut lo = start.saturating_sub(SENTENCE_BYTES);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (end + SENTENCE_BYTES).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let from = text[lo..start].rfind(stops).map_or(lo, |i| lo + i + text[lo + i..].chars().next().expect("found").len_utf8());
    let to = text[end..hi].find(stops).map_or(hi, |i| end + i + text[end + i..].chars().next().expect("found").len_utf8());
    text[from..to].trim().to_owned()
}

/// How far [`sentence`] looks for the ends of a sentence.
const SENTENCE_BYTES: usize = 600;

/// At most 40 characters of a sentence (for hints).
pub(super) fn excerpt(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_owned()
    } else {
        s.chars().take(39).collect::<String>() + "…"
    }
}

/// The title without its placeholders, for the kind's name: 「X乡镇发展党员工作三年自查报告」
/// → 「发展党员工作三年自查报告」.
fn without_placeholders(title: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in fields::find(title, false) {
        out.push_str(&title[last..f.start]);
        last = f.end;
        if f.kind == Kind::Year && title[f.end..].starts_with('年') {
            last += '年'.len_utf8();
            if title[last..].starts_with('度') {
                last += '度'.len_utf8();
            }
        }
    }
    out.push_str(&title[last..]);
    out.trim().to_owned()
}

/// Template wording in the markup: `\`, `|` and `{{` lose their meaning.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace("{{", "\\{{")
}
