//! `gongwen template import 范文 -o DIR`: prints what the import did, in Chinese, then lints
//! the kind written. Exit 0 written (lint clean), 1 written but lint found errors, 2 the
//! 范文 could not be read or DIR refused (nothing written).

use std::path::Path;

use gongwen::import::{self, fields::Kind};

use super::{shown, EXIT_OK, EXIT_USAGE};

pub fn run(input: &Path, dir: &Path) -> u8 {
    let raw = match import::read(input) {
        Ok(raw) => raw,
        Err(why) => {
            err!("错误：{}：{why}（没有写入任何文件）", shown(input));
            return EXIT_USAGE;
        }
    };
    let folder_name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = gongwen::template::new::id_from_folder(&folder_name);
    let imported = match import::import(raw, &id) {
        Ok(i) => i,
        Err(why) => {
            err!("错误：{}：{why}（没有写入任何文件）", shown(input));
            return EXIT_USAGE;
        }
    };
    let written = match gongwen::template::new::write_folder(dir, &imported.files) {
        Ok(w) => w,
        Err(why) => {
            err!("错误：{why}（没有写入任何文件）");
            return EXIT_USAGE;
        }
    };
    report(input, &imported);
    for f in &written {
        out!("已写入 {}", shown(&dir.join(f)));
    }
    out!("模板的 id 为「{id}」。检查：");
    let status = super::kind::run_lint(&dir.display().to_string());
    let d = shown(dir);
    let lists = if imported.lists.is_empty() { "" } else { "（范文的各条已写在其中，可以保留、改写或换掉）" };
    out!("下一步：gongwen init --template {d} -o 答案.json，填写其中的空白{lists}，然后 gongwen render 答案.json --template {d}");
    if status == EXIT_OK {
        EXIT_OK
    } else {
        status
    }
}

fn report(input: &Path, i: &import::Imported) {
    let c = &i.counts;
    out!(
        "读入 {}：一级标题 {} 个，二级 {} 个，三级 {} 个，四级 {} 个，正文段落 {} 段，条目 {} 条。",
        shown(input),
        c.headings[0],
        c.headings[1],
        c.headings[2],
        c.headings[3],
        c.paragraphs,
        c.items
    );
    out!("删除 {} 处（不是报告的内容）：", i.removed.len());
    for r in &i.removed {
        out!("  {}：「{}」—— {}", r.at, gongwen::diag::printable(&r.text), r.why);
    }
    out!("字段 {} 个：", i.fields.len());
    for f in &i.fields {
        let kind = match f.kind {
            Kind::Township => "文本，乡镇名称",
            Kind::Text => "文本",
            Kind::Year => "年份",
            Kind::Integer => "整数",
            Kind::Date { .. } => "日期",
        };
        match f.from.first() {
            Some((at, sentence, written)) => {
                let more = if f.from.len() > 1 { format!("，共 {} 处", f.from.len()) } else { String::new() };
                out!("  {}（{kind}）← {at}「{written}」：{}{more}", f.key, gongwen::diag::printable(sentence));
            }
            None => out!("  {}（{kind}）← 范文中没有，导入时加上", f.key),
        }
    }
    if !i.lists.is_empty() {
        out!("列表字段 {} 个（范文的条目是它们的样例，也写在 {} 中）：", i.lists.len(), import::DEFAULTS);
        for l in &i.lists {
            out!("  {}：{} 条，自 {}", l.key, l.items.len(), l.at);
        }
    }
    if !i.fixed_items.is_empty() {
        let at: Vec<String> = i.fixed_items.iter().map(|a| a.to_string()).collect();
        out!("含占位符的条目 {} 条留在 report.hbs 中（其中的空白已是字段，次序不变）：{}", at.len(), at.join("、"));
    }
    for a in &i.added {
        out!("补充：{a}");
    }
    if !i.unplaced.is_empty() {
        out!("未能放入模板 {} 处：", i.unplaced.len());
        for (at, what) in &i.unplaced {
            out!("  {at}：{what}");
        }
    }
}
