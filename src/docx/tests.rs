//! Tests that read the written package back (zip + quick-xml) and check what a reader
//! would see, plus the sample report used for `docx-audit`.
//!
//! To audit the sample:
//! `GONGWEN_WRITE_SAMPLE=sample.docx cargo test --lib write_sample -- --ignored`
//! then `docx-audit sample.docx`.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::XmlVersion;

use super::fit::{self, TIGHTENED_SPACING};
use super::{write, PlannedLine};
use crate::model::{Block, Date, Document, Item, Meta, Source, Text};

// ------------------------------------------------------------------ the sample report

fn field(path: &str, text: &str) -> Text {
    Text::new(text, Source::Field(path.into()))
}

fn heading(level: u8, number: &str, text: &str) -> Block {
    Block::Heading {
        level,
        number: Some(number.into()),
        text: Text::plain(text),
    }
}

fn item(number: &str, title: &str, paragraphs: &[&str]) -> Block {
    Block::Item(Item {
        number: Some(number.into()),
        title: Some(Text::plain(title)),
        paragraphs: paragraphs
            .iter()
            .map(|p| field("主要做法[0].内容", p))
            .collect(),
    })
}

fn para(text: &str) -> Block {
    Block::Paragraph(field("正文", text))
}

/// A realistic report of five pages: title over two lines, 主送机关, the four standard
/// sections, level-2 headings, 一是/二是 items, signature and date.
pub(crate) fn sample_report() -> Document {
    let mut title = field("乡镇名称", "青山镇");
    title.push("关于2026年度基层组织建设工作情况的报告", Source::Template);
    Document {
        meta: Meta {
            title: title.to_plain(),
            date: Some(Date { year: 2026, month: 11, day: 27 }),
            ..Meta::default()
        },
        blocks: vec![
            Block::Title(title),
            Block::Recipient(Text::plain("县委组织部：")),
            para("今年以来，青山镇党委在县委的坚强领导下，紧紧围绕全县中心工作，以提升基层组织力为重点，以服务群众为落脚点，统筹推进基层组织建设、党员队伍管理和村级集体经济发展各项任务，全镇基层党建工作呈现出整体推进、重点突破、亮点纷呈的良好态势。现将全年工作情况报告如下。"),
            heading(1, "一、", "基本情况"),
            para("全镇辖十二个行政村和两个社区，设基层党组织四十六个，其中党委三个、党总支五个、党支部三十八个，共有党员一千一百余名。全年共发展党员二十一名，转正预备党员十八名，培养入党积极分子四十余名，党员队伍结构不断优化，平均年龄较上年有所下降，大专以上学历党员占比明显提高。各村党组织书记全部实现专职化管理，村级班子整体功能持续增强，带领群众增收致富的能力稳步提升。"),
            para("全年累计投入村级组织运转经费和服务群众专项资金四百余万元，新建和改造提升村级党群服务中心五个，实现村级活动阵地规范化建设全覆盖。全镇村级集体经济收入全部达到十万元以上，其中超过五十万元的村有四个，较上年增加两个，集体经济薄弱村全面清零，群众的获得感和满意度进一步增强。"),
            heading(1, "二、", "主要做法"),
            heading(2, "（一）", "压紧压实党建工作责任"),
            item("一是", "健全责任体系。", &["镇党委坚持把抓好党建作为最大政绩，制定年度党建工作要点和责任清单，明确班子成员联系村和社区，每季度召开一次党建工作专题会议，研究解决基层组织建设中的突出问题，形成了书记抓、抓书记、一级抓一级、层层抓落实的工作格局。"]),
            item("二是", "强化考核问效。", &["把党建工作成效纳入村级综合考核的重要内容，考核结果与村干部绩效报酬和评优评先直接挂钩，对履职不力、工作滞后的村党组织书记及时进行约谈提醒，推动各项任务落地见效。"]),
            item("三是", "严格组织生活。", &[
                "认真落实“三会一课”、主题党日、组织生活会和民主评议党员等制度，镇领导班子成员全年深入所联系村讲党课二十余次，党员参加组织生活的积极性明显提高，党内政治生活的政治性、时代性、原则性和战斗性不断增强。",
                "与此同时，镇党委在全镇范围内组织开展党员先锋岗评选活动，引导广大党员在产业发展、环境整治和矛盾调处等工作中亮身份、作承诺、当表率，全年共评选出党员先锋岗三十个，带动群众参与乡村建设的热情持续高涨。",
            ]),
            heading(2, "（二）", "夯实基层组织基础"),
            item("一是", "选优配强带头人队伍。", &["坚持从致富能手、返乡创业青年和退役军人中选拔村级后备力量，建立村级后备干部人才库，全镇储备后备干部六十余名，对村党组织书记开展全覆盖轮训，着力打造一支政治过硬、本领过硬、作风过硬的带头人队伍。"]),
            item("二是", "推进党群服务阵地提档升级。", &["按照有场所、有设施、有标志、有党旗、有书报、有制度的标准，对各村党群服务中心进行改造提升，推行一站式服务和全程代办制度，让群众办事少跑腿、好办事。"]),
            heading(1, "三、", "存在问题"),
            para("在肯定成绩的同时，我们也清醒地认识到，全镇基层党建工作与上级要求和群众期盼相比还有一定差距。部分村党组织书记年龄偏大、知识结构老化，运用新理念新方法推动发展的能力不足；少数党员教育管理不够经常，流动党员管理服务存在盲区；个别村集体经济发展路子不宽，增收渠道单一，持续发展后劲不足；党建工作与乡村振兴、基层治理的融合还不够紧密，对群众的凝聚力和号召力有待进一步提升。"),
            para("产生上述问题的原因，既有客观条件的限制，也有主观努力的不足。一方面，镇村两级党建工作力量相对薄弱，专职党务工作者数量偏少，业务能力参差不齐；另一方面，部分党组织对党建工作的重要性认识不够到位，存在重业务轻党建的倾向，抓党建的办法不多、措施不实，工作创新意识有待增强。"),
            heading(1, "四、", "对策建议及下年工作计划"),
            para("下一步，青山镇党委将坚持问题导向和目标导向相结合，重点抓好以下几个方面的工作。"),
            item("一是", "持续加强带头人队伍建设。", &["深入实施村级带头人队伍整体优化提升行动，加大从优秀青年中培养选拔村干部的力度，常态化开展村干部履职能力培训和外出考察学习活动，不断提高村干部干事创业的本领。"]),
            item("二是", "着力壮大村级集体经济。", &["坚持一村一策，因地制宜发展特色种植、乡村旅游和物业经济等产业，积极探索村企联建、强村带弱村等发展模式，力争明年全镇所有村集体经济收入稳定在二十万元以上。"]),
            item("三是", "深化党建引领基层治理。", &["健全以党组织为核心的村级组织体系，全面推行网格化管理和精细化服务，引导党员在矛盾纠纷化解、环境卫生整治和志愿服务中当先锋、作表率，不断提升基层治理效能。"]),
            item("四是", "从严加强党员教育管理。", &["依托新时代文明实践站和党员远程教育平台，分类开展党员教育培训，健全流动党员联系服务机制，稳妥有序处置不合格党员，切实增强党员队伍的生机与活力。"]),
            item("五是", "严格落实基层减负要求。", &["持续精简会议文件和督查检查考核事项，坚决纠治形式主义、官僚主义，整合村级各类工作台账，让基层干部把更多时间和精力用在抓落实、办实事上，切实为基层松绑减负、加油鼓劲。"]),
            para("青山镇党委将以更加务实的作风、更加有力的举措，推动全镇基层党建工作不断迈上新台阶，为全面推进乡村振兴提供坚强的组织保证。"),
            Block::Signature(field("落款单位", "中共青山镇委员会")),
            Block::Date(Text::plain("2026年11月27日")),
        ],
    }
}

/// Writes the sample report where `GONGWEN_WRITE_SAMPLE` says, for `docx-audit`.
#[test]
#[ignore = "writes a file; run with GONGWEN_WRITE_SAMPLE=path"]
fn write_sample() {
    let path =
        std::env::var("GONGWEN_WRITE_SAMPLE").expect("set GONGWEN_WRITE_SAMPLE to an output path");
    std::fs::write(&path, write(&sample_report())).expect("write the sample");
}

// ------------------------------------------------------------------ reading back

struct Entry {
    name: String,
    method: zip::CompressionMethod,
    modified: Option<zip::DateTime>,
    data: Vec<u8>,
}

fn unzip(bytes: &[u8]) -> Vec<Entry> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            Entry {
                name: f.name().unwrap().into_owned(),
                method: f.compression(),
                modified: f.last_modified(),
                data,
            }
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> Node {
    let entry = unzip(bytes)
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no {name}"));
    parse(&entry.data)
}

/// An element as read back: qualified name, attributes, children, direct text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All descendants (and self) with this name, in document order.
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.find_all(name, out);
        }
    }

    fn all(&self, name: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        self.find_all(name, &mut out);
        out
    }

    /// The text of all `w:t` below, with `w:br` as a newline.
    fn w_text(&self) -> String {
        match self.name.as_str() {
            "w:t" => self.text.clone(),
            "w:br" => "\n".into(),
            _ => self.children.iter().map(Node::w_text).collect(),
        }
    }

    fn p_style(&self) -> Option<&str> {
        self.child("w:pPr")?.child("w:pStyle")?.attr("w:val")
    }
}

/// Parses a part strictly (quick-xml checks that end tags match); panics when it is not
/// well-formed.
fn parse(xml: &[u8]) -> Node {
    let text = std::str::from_utf8(xml).expect("UTF-8");
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart| Node {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let key = a.key.as_ref().to_string();
                (
                    key,
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        ..Node::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)),
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").children.push(node);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("valid reference") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .expect("predefined entity")
                        .to_string(),
                };
                stack.last_mut().unwrap().text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

fn body_paragraphs(bytes: &[u8]) -> Vec<(Option<String>, String)> {
    let doc = part(bytes, "word/document.xml");
    let body = doc.child("w:body").unwrap();
    body.children
        .iter()
        .filter(|c| c.name == "w:p")
        .map(|p| (p.p_style().map(str::to_string), p.w_text()))
        .collect()
}

fn doc_of(blocks: Vec<Block>) -> Document {
    Document {
        meta: Meta {
            title: "测试".into(),
            ..Meta::default()
        },
        blocks,
    }
}

// ------------------------------------------------------------------ package

const PARTS: [&str; 12] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/theme/theme1.xml",
    "word/footer1.xml",
    "word/footer2.xml",
    "word/_rels/document.xml.rels",
];

#[test]
fn every_part_is_well_formed_and_in_fixed_order() {
    let bytes = write(&sample_report());
    let entries = unzip(&bytes);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, PARTS);
    for e in &entries {
        let root = parse(&e.data);
        assert!(!root.name.is_empty(), "{}", e.name);
    }
}

#[test]
fn every_entry_but_the_core_properties_is_deflated_with_a_fixed_timestamp() {
    for e in unzip(&write(&sample_report())) {
        // core.xml is stored: too small to be worth a compressor (see `write`).
        let method = if e.name == "docProps/core.xml" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        assert_eq!(e.method, method, "{}", e.name);
        let t = e.modified.expect("a timestamp");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (1980, 1, 1, 0, 0),
            "{}",
            e.name
        );
    }
}

#[test]
fn two_writes_are_byte_identical() {
    assert_eq!(write(&sample_report()), write(&sample_report()));
}

#[test]
fn content_types_and_relationships_name_every_part() {
    let bytes = write(&sample_report());
    let types = part(&bytes, "[Content_Types].xml");
    let overrides: Vec<&str> = types
        .all("Override")
        .iter()
        .filter_map(|o| o.attr("PartName"))
        .collect();
    for name in PARTS
        .iter()
        .filter(|n| !n.ends_with(".rels") && **n != "[Content_Types].xml")
    {
        assert!(
            overrides.contains(&format!("/{name}").as_str()),
            "{name} has no content type"
        );
    }
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    let targets: Vec<&str> = rels
        .all("Relationship")
        .iter()
        .filter_map(|r| r.attr("Target"))
        .collect();
    assert_eq!(
        targets,
        [
            "styles.xml",
            "settings.xml",
            "fontTable.xml",
            "theme/theme1.xml",
            "footer1.xml",
            "footer2.xml"
        ]
    );
}

#[test]
fn core_properties_use_the_report_date_never_the_clock() {
    let bytes = write(&sample_report());
    let core = part(&bytes, "docProps/core.xml");
    assert_eq!(
        core.child("dc:title").unwrap().text,
        "青山镇关于2026年度基层组织建设工作情况的报告"
    );
    assert_eq!(
        core.child("dcterms:created").unwrap().text,
        "2026-11-27T00:00:00Z"
    );
    assert_eq!(
        core.child("dcterms:modified").unwrap().text,
        "2026-11-27T00:00:00Z"
    );
    let undated = part(&write(&doc_of(vec![])), "docProps/core.xml");
    assert!(undated.child("dcterms:created").is_none());
    assert!(undated.child("dcterms:modified").is_none());
}

// ------------------------------------------------------------------ document.xml

#[test]
fn paragraphs_read_back_with_their_styles() {
    let paras = body_paragraphs(&write(&sample_report()));
    let got: Vec<(Option<&str>, &str)> = paras
        .iter()
        .map(|(s, t)| (s.as_deref(), t.as_str()))
        .collect();
    // Title over two lines (longer on top), one blank line, 主送机关, body.
    assert_eq!(got[0].0, Some("Title"));
    let title_lines: Vec<&str> = got[0].1.split('\n').collect();
    assert_eq!(title_lines.len(), 2);
    assert!(title_lines.iter().all(|l| l.chars().count() <= 20));
    assert!(title_lines[0].chars().count() >= title_lines[1].chars().count());
    assert_eq!(
        title_lines.concat(),
        "青山镇关于2026年度基层组织建设工作情况的报告"
    );
    assert_eq!(got[1], (None, ""));
    assert_eq!(got[2], (Some("Recipient"), "县委组织部："));
    assert_eq!(got[3].0, None);
    assert!(got[3].1.starts_with("今年以来"));
    // Headings print number + text under their level's style.
    let headings: Vec<(&str, &str)> = got
        .iter()
        .filter_map(|(s, t)| s.filter(|s| s.starts_with("Heading")).map(|s| (s, *t)))
        .collect();
    assert_eq!(
        headings,
        [
            ("Heading1", "一、基本情况"),
            ("Heading1", "二、主要做法"),
            ("Heading2", "（一）压紧压实党建工作责任"),
            ("Heading2", "（二）夯实基层组织基础"),
            ("Heading1", "三、存在问题"),
            ("Heading1", "四、对策建议及下年工作计划"),
        ]
    );
    // An item is one body paragraph: number + title + first paragraph; the rest follow.
    let i = got
        .iter()
        .position(|(_, t)| t.starts_with("三是严格组织生活。认真落实“三会一课”"))
        .unwrap();
    assert_eq!(got[i].0, None);
    assert!(got[i + 1].1.starts_with("与此同时"));
    // 落款: blank lines for the seal (as many as fit on the body's last page), the
    // signature, the date.
    let n = got.len();
    let seal = fit::plan(&sample_report()).seal_lines;
    assert!(got[n - 2 - seal..n - 2].iter().all(|p| *p == (None, "")));
    assert_ne!(got[n - 3 - seal], (None, ""));
    assert_eq!(got[n - 2], (Some("Signature"), "中共青山镇委员会"));
    assert_eq!(got[n - 1], (Some("IssueDate"), "2026年11月27日"));
}

#[test]
fn every_heading_level_has_its_style() {
    let blocks = (1..=4)
        .map(|l| heading(l, &format!("{l}."), "标题"))
        .collect();
    let paras = body_paragraphs(&write(&doc_of(blocks)));
    let styles: Vec<&str> = paras.iter().map(|(s, _)| s.as_deref().unwrap()).collect();
    assert_eq!(styles, ["Heading1", "Heading2", "Heading3", "Heading4"]);
}

#[test]
fn short_title_is_one_line_followed_by_one_blank() {
    let paras = body_paragraphs(&write(&doc_of(vec![
        Block::Title(Text::plain("关于工作的报告")),
        para("正文。"),
    ])));
    assert_eq!(paras[0], (Some("Title".into()), "关于工作的报告".into()));
    assert_eq!(paras[1], (None, String::new()));
    assert_eq!(paras[2], (None, "正文。".into()));
}

/// The right indent written on the 署名 paragraph of a report with this signature.
fn signature_right_indent(signature: &str) -> Option<String> {
    let bytes = write(&doc_of(vec![
        Block::Signature(Text::plain(signature)),
        Block::Date(Text::plain("2026年11月27日")),
    ]));
    let doc = part(&bytes, "word/document.xml");
    let sig = doc
        .all("w:p")
        .into_iter()
        .find(|p| p.p_style() == Some("Signature"))
        .unwrap();
    let ind = sig.child("w:pPr").unwrap().child("w:ind").unwrap();
    ind.attr("w:right").map(str::to_string)
}

#[test]
fn signature_is_centred_over_the_date() {
    // Date 2714 twips wide as set (digits, automatic spacing), signature 10 × 315:
    // 1280 + (2714 − 3150) / 2 = 1062.
    assert_eq!(signature_right_indent("青山镇人民政府办公室").as_deref(), Some("1062"));
    // A signature much wider than the date never gets a negative indent.
    assert_eq!(
        signature_right_indent("中共青山镇委员会青山镇人民政府联合办公室").as_deref(),
        Some("0")
    );
}

#[test]
fn escapes_markup_drops_forbidden_characters_keeps_astral() {
    let nasty = "甲<乙&丙\"丁>戊\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}己𠀾庚";
    let bytes = write(&doc_of(vec![para(nasty)]));
    let paras = body_paragraphs(&bytes);
    assert_eq!(paras[0].1, "甲<乙&丙\"丁>戊己𠀾庚");
    let raw = unzip(&bytes)
        .into_iter()
        .find(|e| e.name == "word/document.xml")
        .unwrap()
        .data;
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains("甲&lt;乙&amp;丙&quot;丁&gt;戊己𠀾庚"), "{raw}");
    assert!(!raw
        .chars()
        .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')));
}

#[test]
fn newline_in_text_becomes_a_break_and_spaces_are_preserved() {
    let bytes = write(&doc_of(vec![para("第一行\n 第二行")]));
    let doc = part(&bytes, "word/document.xml");
    let p = &doc.all("w:p")[0];
    assert_eq!(p.w_text(), "第一行\n 第二行");
    let ts = p.all("w:t");
    assert_eq!(ts[1].attr("xml:space"), Some("preserve"));
    assert_eq!(ts[0].attr("xml:space"), None);
}

#[test]
fn quotes_dashes_and_ellipses_get_the_east_asian_hint() {
    let bytes = write(&doc_of(vec![
        para("普通文字"),
        para("“引号”"),
        para("破折号——"),
        para("省略号……"),
    ]));
    let doc = part(&bytes, "word/document.xml");
    for r in doc.all("w:r") {
        let hint = r
            .child("w:rPr")
            .and_then(|p| p.child("w:rFonts"))
            .and_then(|f| f.attr("w:hint"));
        let text = r.w_text();
        let wants = text.contains(['“', '”', '‘', '’', '—', '…']);
        assert_eq!(hint, wants.then_some("eastAsia"), "{text}");
    }
}

#[test]
fn page_setup_and_footers() {
    let bytes = write(&sample_report());
    let doc = part(&bytes, "word/document.xml");
    let sect = doc.child("w:body").unwrap().child("w:sectPr").unwrap();
    let names: Vec<&str> = sect.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "w:footerReference",
            "w:footerReference",
            "w:pgSz",
            "w:pgMar",
            "w:docGrid"
        ]
    );
    let mar = sect.child("w:pgMar").unwrap();
    for (k, v) in [
        ("w:top", "2098"),
        ("w:bottom", "1984"),
        ("w:left", "1587"),
        ("w:right", "1474"),
        ("w:footer", "1247"),
    ] {
        assert_eq!(mar.attr(k), Some(v), "{k}");
    }
    let grid = sect.child("w:docGrid").unwrap();
    assert_eq!(
        (grid.attr("w:type"), grid.attr("w:linePitch")),
        (Some("lines"), Some("579"))
    );
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.child("w:evenAndOddHeaders").is_some());
    for (name, jc, side) in [
        ("word/footer1.xml", "right", "w:right"),
        ("word/footer2.xml", "left", "w:left"),
    ] {
        let ftr = part(&bytes, name);
        let p = ftr.child("w:p").unwrap();
        let ppr = p.child("w:pPr").unwrap();
        assert_eq!(ppr.child("w:jc").unwrap().attr("w:val"), Some(jc));
        assert_eq!(ppr.child("w:ind").unwrap().attr(side), Some("280"));
        // Off the line grid, so Word keeps the number 7 mm under the text block.
        assert_eq!(ppr.child("w:snapToGrid").unwrap().attr("w:val"), Some("0"));
        assert_eq!(p.w_text(), "— 1 —");
        assert_eq!(p.all("w:instrText")[0].text, " PAGE ");
        let kinds: Vec<&str> = p
            .all("w:fldChar")
            .iter()
            .filter_map(|f| f.attr("w:fldCharType"))
            .collect();
        assert_eq!(kinds, ["begin", "separate", "end"]);
        assert!(p.all("w:sz").iter().all(|s| s.attr("w:val") == Some("28")));
    }
}

// ------------------------------------------------------------------ schema order and fonts

/// `CT_PPrBase` children, in order (wml.xsd).
const PPR_ORDER: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// `EG_RPrBase` children, in order (wml.xsd).
const RPR_ORDER: &[&str] = &[
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
];

/// `CT_Style` children we use, in order.
const STYLE_ORDER: &[&str] = &[
    "w:name",
    "w:basedOn",
    "w:next",
    "w:uiPriority",
    "w:qFormat",
    "w:pPr",
    "w:rPr",
];

fn assert_in_order(node: &Node, order: &[&str], part: &str) {
    let positions: Vec<usize> = node
        .children
        .iter()
        .map(|c| {
            order
                .iter()
                .position(|o| *o == c.name)
                .unwrap_or_else(|| panic!("{part}: unknown {}", c.name))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{part}: {} children out of schema order: {:?}",
        node.name,
        node.children.iter().map(|c| &c.name).collect::<Vec<_>>()
    );
}

#[test]
fn properties_are_in_schema_order() {
    let bytes = write(&sample_report());
    for name in [
        "word/document.xml",
        "word/styles.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    ] {
        let root = part(&bytes, name);
        for ppr in root.all("w:pPr") {
            assert_in_order(ppr, PPR_ORDER, name);
        }
        for rpr in root.all("w:rPr") {
            assert_in_order(rpr, RPR_ORDER, name);
        }
    }
    let styles = part(&bytes, "word/styles.xml");
    for style in styles.all("w:style") {
        assert_in_order(style, STYLE_ORDER, "word/styles.xml");
    }
}

#[test]
fn named_fonts_never_sit_next_to_theme_fonts() {
    let bytes = write(&sample_report());
    for e in unzip(&bytes) {
        let root = parse(&e.data);
        for f in root.all("w:rFonts") {
            let theme: Vec<&String> = f
                .attrs
                .iter()
                .map(|(k, _)| k)
                .filter(|k| k.ends_with("Theme"))
                .collect();
            assert!(theme.is_empty(), "{}: {theme:?}", e.name);
        }
    }
    let theme = String::from_utf8(
        unzip(&bytes)
            .into_iter()
            .find(|e| e.name == "word/theme/theme1.xml")
            .unwrap()
            .data,
    )
    .unwrap();
    for odd in ["Calibri", "等线", "Cambria", "Aptos"] {
        assert!(!theme.contains(odd), "theme names {odd}");
    }
}

#[test]
fn styles_carry_the_gbt9704_values() {
    let styles = part(&write(&sample_report()), "word/styles.xml");
    let defaults = styles
        .child("w:docDefaults")
        .unwrap()
        .child("w:rPrDefault")
        .unwrap()
        .child("w:rPr")
        .unwrap();
    let fonts = defaults.child("w:rFonts").unwrap();
    assert_eq!(fonts.attr("w:eastAsia"), Some("仿宋_GB2312"));
    assert_eq!(fonts.attr("w:ascii"), Some("Times New Roman"));
    assert_eq!(defaults.child("w:sz").unwrap().attr("w:val"), Some("32"));
    let style = |id: &str| {
        styles
            .all("w:style")
            .into_iter()
            .find(|s| s.attr("w:styleId") == Some(id))
            .unwrap()
    };
    let normal = style("Normal");
    assert_eq!(normal.attr("w:default"), Some("1"));
    let ppr = normal.child("w:pPr").unwrap();
    let spacing = ppr.child("w:spacing").unwrap();
    assert_eq!(
        (spacing.attr("w:line"), spacing.attr("w:lineRule")),
        (Some("579"), Some("exact"))
    );
    assert_eq!(
        ppr.child("w:ind").unwrap().attr("w:firstLineChars"),
        Some("200")
    );
    assert_eq!(
        ppr.child("w:widowControl").unwrap().attr("w:val"),
        Some("0")
    );
    assert_eq!(
        normal
            .child("w:rPr")
            .unwrap()
            .child("w:spacing")
            .unwrap()
            .attr("w:val"),
        Some("-5")
    );
    for (id, name, font, lvl) in [
        ("Heading1", "heading 1", "黑体", "0"),
        ("Heading2", "heading 2", "楷体_GB2312", "1"),
        ("Heading3", "heading 3", "仿宋_GB2312", "2"),
        ("Heading4", "heading 4", "仿宋_GB2312", "3"),
    ] {
        let s = style(id);
        assert_eq!(s.child("w:name").unwrap().attr("w:val"), Some(name));
        assert_eq!(s.child("w:basedOn").unwrap().attr("w:val"), Some("Normal"));
        assert_eq!(
            s.child("w:pPr")
                .unwrap()
                .child("w:outlineLvl")
                .unwrap()
                .attr("w:val"),
            Some(lvl)
        );
        assert_eq!(
            s.child("w:rPr")
                .unwrap()
                .child("w:rFonts")
                .unwrap()
                .attr("w:eastAsia"),
            Some(font)
        );
    }
    let title = style("Title");
    assert_eq!(
        title
            .child("w:rPr")
            .unwrap()
            .child("w:sz")
            .unwrap()
            .attr("w:val"),
        Some("44")
    );
    assert_eq!(
        title
            .child("w:pPr")
            .unwrap()
            .child("w:jc")
            .unwrap()
            .attr("w:val"),
        Some("center")
    );
    let date = style("IssueDate")
        .child("w:pPr")
        .unwrap()
        .child("w:ind")
        .unwrap();
    assert_eq!(
        (date.attr("w:right"), date.attr("w:rightChars")),
        (Some("1280"), Some("400"))
    );
}

// ------------------------------------------------------------------ placing the 落款

/// A body paragraph that takes exactly one line.
fn one_line() -> Block {
    para("本段一行。")
}

/// A body paragraph of 56 characters: 26 + 28 + 2 on three lines as set (indented first
/// line), 27 + 29 on two lines when tightened.
fn tightenable() -> Block {
    para(&format!("{}。", "党".repeat(55)))
}

/// A report body of the given paragraphs, then 署名 and date.
fn with_sign_off(mut blocks: Vec<Block>) -> Vec<u8> {
    blocks.push(Block::Signature(Text::plain("中共青山镇委员会")));
    blocks.push(Block::Date(Text::plain("2026年11月27日")));
    write(&doc_of(blocks))
}

/// Blank paragraphs between the body and the signature, and the indexes (among the
/// body's paragraphs) of those whose runs are tightened.
fn sign_off_layout(bytes: &[u8]) -> (usize, Vec<usize>) {
    let doc = part(bytes, "word/document.xml");
    let paras: Vec<&Node> = doc
        .child("w:body")
        .unwrap()
        .children
        .iter()
        .filter(|c| c.name == "w:p")
        .collect();
    let sig = paras
        .iter()
        .position(|p| p.p_style() == Some("Signature"))
        .unwrap();
    let blanks = paras[..sig]
        .iter()
        .rev()
        .take_while(|p| p.w_text().is_empty())
        .count();
    let tight = TIGHTENED_SPACING.to_string();
    let tightened = paras[..sig - blanks]
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let runs = p.all("w:r");
            !runs.is_empty()
                && runs.iter().all(|r| {
                    r.all("w:spacing")
                        .iter()
                        .any(|s| s.attr("w:val") == Some(tight.as_str()))
                })
        })
        .map(|(i, _)| i)
        .collect();
    (blanks, tightened)
}

#[test]
fn seal_room_fills_what_the_last_page_has_left_with_a_spare_line() {
    // The body ends on line `pos` of its page; 署名 and date take two lines, and one line is
    // kept spare for an estimate a line short; at 20 only an exact fit is left.
    for (pos, seal) in [(1, 2), (17, 2), (18, 1), (19, 0), (20, 0)] {
        let bytes = with_sign_off(vec![one_line(); pos]);
        assert_eq!(sign_off_layout(&bytes), (seal, vec![]), "body ending on line {pos}");
    }
    // The same on the second page: line 23 is line 1 of page 2.
    let bytes = with_sign_off(vec![one_line(); 22 + 18]);
    assert_eq!(sign_off_layout(&bytes), (1, vec![]));
}

#[test]
fn a_short_seal_room_is_widened_by_tightening_when_it_can_be() {
    // Line 18: the full room leaves no spare line; tightening the last paragraph does.
    let mut blocks = vec![one_line(); 15];
    blocks.push(tightenable());
    assert_eq!(sign_off_layout(&with_sign_off(blocks)), (2, vec![15]));
}

#[test]
fn no_room_tightens_the_last_paragraphs() {
    // Line 21: one line must go; the last paragraph gives it and the seal gets none.
    let mut blocks = vec![one_line(); 18];
    blocks.push(tightenable());
    assert_eq!(sign_off_layout(&with_sign_off(blocks)), (0, vec![18]));
    // Line 22: two lines must go, one from each of the last two paragraphs.
    let mut blocks = vec![one_line(); 16];
    blocks.extend([tightenable(), tightenable()]);
    assert_eq!(sign_off_layout(&with_sign_off(blocks)), (0, vec![16, 17]));
    // A paragraph that tightening does not shorten is left alone.
    let mut blocks = vec![one_line(); 17];
    blocks.extend([tightenable(), one_line()]);
    assert_eq!(sign_off_layout(&with_sign_off(blocks)), (0, vec![17]));
}

/// Whether a paragraph's own pPr holds `name`.
fn has_ppr(p: &Node, name: &str) -> bool {
    p.child("w:pPr").is_some_and(|ppr| ppr.child(name).is_some())
}

#[test]
fn no_room_and_nothing_to_tighten_keeps_the_last_paragraph_with_the_sign_off() {
    // Line 22 of one-line paragraphs: the last paragraph keeps its lines together and with
    // the seal room, the 署名 and the date, so the renderer moves it on with them: the
    // 落款 never stands alone on a page.
    let bytes = with_sign_off(vec![one_line(); 22]);
    assert_eq!(sign_off_layout(&bytes), (2, vec![]));
    let doc = part(&bytes, "word/document.xml");
    let paras: Vec<&Node> = doc.child("w:body").unwrap().children.iter().filter(|c| c.name == "w:p").collect();
    let sig = paras.iter().position(|p| p.p_style() == Some("Signature")).unwrap();
    let kept: Vec<usize> = (0..paras.len()).filter(|&i| has_ppr(paras[i], "w:keepNext")).collect();
    assert_eq!(kept, [sig - 3, sig - 2, sig - 1], "the last paragraph and the two seal lines");
    assert!(has_ppr(paras[sig - 3], "w:keepLines"));
    let plan = super::page_plan(&doc_of(vec![one_line(); 22].into_iter().chain(sign_off()).collect()), 0);
    assert_eq!(plan.len(), 2);
    assert_eq!(plan[0].len(), 21);
    assert_eq!(plan[1], [PlannedLine::Body, PlannedLine::Seal, PlannedLine::Seal, PlannedLine::Signature, PlannedLine::Date]);
}

#[test]
fn only_level_1_and_2_headings_and_the_sign_off_keep_with_the_next_paragraph() {
    let styles = part(&write(&sample_report()), "word/styles.xml");
    let keeps: Vec<&str> = styles
        .all("w:style")
        .into_iter()
        .filter(|s| s.all("w:keepNext").len() == 1)
        .filter_map(|s| s.attr("w:styleId"))
        .collect();
    assert_eq!(keeps, ["Heading1", "Heading2", "Signature"]);
}

fn sign_off() -> [Block; 2] {
    [Block::Signature(Text::plain("中共青山镇委员会")), Block::Date(Text::plain("2026年11月27日"))]
}

#[test]
fn a_heading_that_would_end_a_page_moves_on_in_the_plan() {
    let mut blocks = vec![one_line(); 21];
    blocks.push(heading(1, "二、", "主要做法"));
    blocks.extend(vec![one_line(); 3]);
    blocks.extend(sign_off());
    let plan = super::page_plan(&doc_of(blocks), 0);
    assert_eq!(plan[0].len(), 21);
    assert_eq!(plan[1][0], PlannedLine::Heading(1));
}

#[test]
fn every_font_has_a_windows_fallback_in_schema_order() {
    let fonts = part(&write(&sample_report()), "word/fontTable.xml");
    let mut fallbacks = Vec::new();
    for f in fonts.all("w:font") {
        let order: Vec<&str> = f.children.iter().map(|c| c.name.as_str()).collect();
        // CT_Font: altName, panose1, charset, family, (notTrueType), pitch.
        let rank = |n: &str| ["w:altName", "w:panose1", "w:charset", "w:family", "w:pitch"].iter().position(|k| *k == n);
        let ranks: Vec<_> = order.iter().map(|n| rank(n).unwrap_or_else(|| panic!("{n}"))).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let alt = f.child("w:altName").and_then(|a| a.attr("w:val"));
        fallbacks.push((f.attr("w:name").unwrap(), alt, f.child("w:charset").unwrap().attr("w:val").unwrap()));
    }
    assert_eq!(
        fallbacks,
        [
            ("Times New Roman", None, "00"),
            ("宋体", Some("SimSun"), "86"),
            ("仿宋_GB2312", Some("仿宋"), "86"),
            ("方正小标宋简体", Some("宋体"), "86"),
            ("黑体", Some("SimHei"), "86"),
            ("楷体_GB2312", Some("楷体"), "86"),
        ]
    );
}

#[test]
fn own_styles_are_marked_custom_and_chinese_is_the_east_asian_language() {
    let styles = part(&write(&sample_report()), "word/styles.xml");
    let custom: Vec<&str> = styles
        .all("w:style")
        .into_iter()
        .filter(|s| s.attr("w:customStyle") == Some("1"))
        .filter_map(|s| s.attr("w:styleId"))
        .collect();
    assert_eq!(custom, ["Recipient", "Signature", "IssueDate"]);
    let lang = styles.child("w:docDefaults").unwrap().all("w:lang");
    assert_eq!(lang[0].attr("w:eastAsia"), Some("zh-CN"));
    let footer = styles.all("w:style").into_iter().find(|s| s.attr("w:styleId") == Some("Footer")).unwrap();
    assert_eq!(footer.all("w:snapToGrid")[0].attr("w:val"), Some("0"));
}

#[test]
fn a_last_paragraph_across_a_page_break_is_free_to_split() {
    // 20 lines, then a paragraph of 5 (two on page 1, three on page 2): with room to spare
    // on page 2, keeping its lines together would only move it on and leave page 1 short.
    let mut blocks = vec![one_line(); 20];
    blocks.push(para(&"党".repeat(26 + 28 * 4)));
    let bytes = with_sign_off(blocks.clone());
    assert!(part(&bytes, "word/document.xml").all("w:keepLines").is_empty());
    let plan = super::page_plan(&doc_of(blocks.iter().cloned().chain(sign_off()).collect()), 0);
    assert_eq!(plan[0].len(), 22);
    // The body ending on line 1 of its page keeps it: a line less and the 落款 would be alone.
    let mut blocks = vec![one_line(); 20];
    blocks.push(para(&"党".repeat(26 + 28 * 2)));
    assert_eq!(part(&with_sign_off(blocks), "word/document.xml").all("w:keepLines").len(), 1);
}
