use super::*;
use crate::readers::text;

fn outline(s: &Structured) -> Vec<String> {
    s.document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Title(t) => format!("标题：{}", t.to_plain()),
            Block::Recipient(t) => format!("主送：{}", t.to_plain()),
            Block::Heading { level, text, .. } => format!("{level}级：{}", text.to_plain()),
            Block::Paragraph(t) => format!("正文：{}", t.to_plain()),
            Block::Item(i) => format!("条目：{}|{}", i.title.as_ref().map(Text::to_plain).unwrap_or_default(), i.paragraphs[0].to_plain()),
            Block::Signature(t) => format!("署名：{}", t.to_plain()),
            Block::Date(t) => format!("日期：{}", t.to_plain()),
            Block::Table(t) => format!("表格：{}", t.caption.to_plain()),
        })
        .collect()
}

fn read(s: &str) -> Structured {
    build(text::read(s.as_bytes()).unwrap())
}

#[test]
fn a_whole_report_with_adverts_around_it() {
    let s = read(
        "精品文库 用后删除\n星火文库\n青石镇2025年度农村人居环境整治工作总结范文\n县农业农村局：\n本文由星火文库整理，加VX：fw20250101 免费领取\n\
         今年以来，镇党委把人居环境整治摆在突出位置。现将有关情况报告如下。\n\
         一、工作开展情况\n（一）压实责任。镇村两级层层签订责任书，明确时间表。\n1.建立台账\n（1）逐户登记\n\
         一是清理垃圾，全年清运XX吨。二是改造厕所，完成XX户。\n三是整治水塘。对全镇XX口水塘清淤。四是美化庭院。评选示范户。\n\
         二、存在问题\n工作中还有一些不足：一是资金投入不够；二是长效机制不全。\n\
         中共青石镇委员会\n2025年12月20日\n\
         星火文库整理，获取完整版请加QQ 12345678\n星火文库\n自建平台、实时分享\n现在订阅更多资料\n",
    );
    assert_eq!(
        outline(&s),
        [
            "标题：青石镇2025年度农村人居环境整治工作总结",
            "主送：县农业农村局：",
            "正文：今年以来，镇党委把人居环境整治摆在突出位置。现将有关情况报告如下。",
            "1级：工作开展情况",
            "2级：压实责任。",
            "正文：镇村两级层层签订责任书，明确时间表。",
            "3级：建立台账",
            "4级：逐户登记",
            "条目：|清理垃圾，全年清运XX吨。",
            "条目：|改造厕所，完成XX户。",
            "条目：整治水塘|对全镇XX口水塘清淤。",
            "条目：美化庭院|评选示范户。",
            "1级：存在问题",
            "正文：工作中还有一些不足：",
            "条目：|资金投入不够；",
            "条目：|长效机制不全。",
            "署名：中共青石镇委员会",
            "日期：2025年12月20日",
        ]
    );
    let removed: Vec<(usize, &str)> = s.removed.iter().map(|r| (r.at.index, r.text.as_str())).collect();
    assert_eq!(
        removed,
        [
            (1, "精品文库 用后删除"),
            (2, "星火文库"),
            (3, "范文"),
            (5, "本文由星火文库整理，加VX：fw20250101 免费领取"),
            (17, "星火文库整理，获取完整版请加QQ 12345678"),
            (18, "星火文库"),
            (19, "自建平台、实时分享"),
            (20, "现在订阅更多资料"),
        ]
        .iter()
        .map(|&(a, b)| (a, b))
        .collect::<Vec<_>>()
    );
}

#[test]
fn markdown_title_and_heading_levels() {
    let md = "# 白沙乡党建工作述职报告\n\n## 主要工作\n\n### 抓班子\n\n- 带头学习\n- 带头调研\n\n## 下步打算\n\n继续努力。\n";
    let s = build(crate::readers::markdown::read(md.as_bytes()).unwrap());
    assert_eq!(outline(&s), ["标题：白沙乡党建工作述职报告", "1级：主要工作", "2级：抓班子", "条目：|带头学习", "条目：|带头调研", "1级：下步打算", "正文：继续努力。"]);
}

#[test]
fn run_on_items_only_in_sequence_and_text_is_kept() {
    let s = read("某报告\n这是第一点。二是不在序列里，一是也不拆。\n一是学习。三是跳号不拆。二是接着拆。\n");
    assert_eq!(outline(&s), ["标题：某报告", "正文：这是第一点。二是不在序列里，一是也不拆。", "条目：学习|三是跳号不拆。", "条目：|接着拆。"]);
}

#[test]
fn headers_footers_and_tables_are_accounted_for() {
    use crate::readers::raw::{RawParagraph, RawTable};
    let mut raw = RawDocument::default();
    raw.push_paragraph("青石镇工作报告", Location::line(1));
    raw.blocks.push(RawBlock::Table(RawTable { rows: vec![vec!["村".into(), "户数".into()]], at: Location::line(2) }));
    raw.push_paragraph("正文一段。", Location::line(3));
    let footer = Location { part: Some("word/footer1.xml".into()), index: 1 };
    raw.blocks.push(RawBlock::Paragraph(RawParagraph { text: "第 1 页".into(), hint: None, align: None, at: footer }));
    let s = build(raw);
    assert_eq!(outline(&s), ["标题：青石镇工作报告", "正文：正文一段。"]);
    assert_eq!(s.tables.len(), 1);
    assert_eq!(s.tables[0].0, 1, "the table comes before the paragraph of line 3");
    assert_eq!(s.removed.len(), 1);
    assert!(s.removed[0].why.contains("页码"));
}

#[test]
fn hostile_lines_do_not_recurse_or_multiply() {
    // A run-in heading's rest is never read as another heading: one heading, one paragraph.
    let line = "一、甲。".repeat(200_000);
    let s = read(&format!("某报告\n{line}\n"));
    assert_eq!(s.document.blocks.len(), 3);
    // Items running on: each split consumes its text (linear), 999 items in order.
    let items: String = (1..=999).map(|n| format!("{}是做事。", crate::numerals::chinese_number(n))).collect();
    let s = read(&format!("某报告\n{items}\n"));
    assert_eq!(s.document.blocks.len(), 1000);
}
