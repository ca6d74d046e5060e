//! A seeded generator of varied answers files for the built-in fazhan-dangyuan kind: the
//! stresses that the four fixtures do not reach (lists of 1–15 items, paragraphs of 10–600
//! characters, titles of 8–60 characters, digit- and Latin-heavy text, quotes, dashes,
//! 《》, one-year spans, long and short 署名).
//!
//! Deterministic: the same seed always gives the same file, with no crate beyond the
//! standard library and serde_json (a xorshift generator, not a cryptographic one).

use serde_json::{json, Value};

/// xorshift64: small, fast and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero (xorshift stays at zero), and seeds 1, 2, 3… spread apart.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }
}

const TOWNS: &[&str] = &[
    "青石镇", "柳林乡", "望江街道", "石桥镇", "东坡镇", "南湖乡", "云岭镇", "北塘街道", "花溪镇", "金沙乡", "双河口镇",
    "白鹭洲街道", "龙泉镇", "杏坛乡",
];

/// Plain clauses, the bulk of a clerk's prose.
const CLAUSES: &[&str] = &[
    "村党支部按月梳理入党申请人名单",
    "对照工作细则逐项核对发展程序",
    "组织委员定期走访入党积极分子家庭",
    "镇党校每季度开设一期专题课程",
    "培养联系人按月记录考察情况",
    "推行发展党员全程纪实管理",
    "始终把政治标准放在首位",
    "注重从青年农民和致富带头人中发展党员",
    "发展对象公示期间未收到异议",
    "建立预审、联审、复审三道关口",
    "对材料不全的一律退回补正",
    "镇党委书记带头上党课",
    "各村结合实际制定年度计划",
    "把发展党员情况纳入年终考核",
    "与县委党校联合举办培训班",
    "组织新党员重温入党誓词",
    "畅通外出务工人员入党渠道",
    "分片召开推进会查找薄弱环节",
    "党建指导员驻村帮带",
    "把好入口关、程序关和质量关",
];

/// Clauses heavy with digits and Latin letters (the widths the line estimate must get right).
const TECHNICAL: &[&str] = &[
    "全年录入系统记录{n}条",
    "完成率达到{p}%",
    "依托e支部平台开展线上学习{n}次",
    "通过App推送学习资料{n}篇",
    "在GIS地图上标注党员户{n}户",
    "建成5G远程教育站点{s}个",
    "编号为GW-{y}-{n}的档案全部归档",
    "累计参训{k}人次",
    "满意度测评得分{p}分",
    "{y}年第{q}季度开展集中排查",
    "用Excel台账管理{n}名积极分子",
    "OA系统流转审批件{n}份",
    "ABC三类人选分别为{s}名、{s}名和{s}名",
    "经费投入{k}元",
    "{y}—{z}年连续{c}年考核优秀",
];

/// Clauses with quotes, dashes and book-title marks.
const MARKED: &[&str] = &[
    "落实“三会一课”制度",
    "推行“一村一策”培养办法",
    "开展‘双培养’工程",
    "认真学习《中国共产党发展党员工作细则》",
    "规范填写《入党志愿书》",
    "印发《发展党员工作流程图（{y}版）》",
    "坚持“成熟一个、发展一个”——宁缺毋滥",
    "做到程序不走样——标准不降低",
    "对照“五个一”要求（学、查、改、建、评）逐项检查",
    "做到应培尽培……应审尽审",
    "开展“{y}·初心”主题党日活动",
];

/// Subjects of a report title, two of them joined by 「暨」.
const TITLE_SUBJECTS: &[&str] = &[
    "发展党员工作",
    "贯彻落实《中国共产党发展党员工作细则》情况",
    "{y}—{z}年发展党员工作质量",
    "发展党员工作“回头看”",
    "发展党员违规违纪问题专项排查整治工作",
    "基层党组织建设",
    "近三年发展党员工作",
    "党员队伍建设和发展党员工作",
    "入党积极分子培养考察工作",
];

const TITLE_KINDS: &[&str] = &["自查报告", "专项自查报告", "情况报告", "自查情况报告"];

/// A paragraph of about `target` characters (at least one clause), ending with 「。」.
fn paragraph(rng: &mut Rng, target: usize) -> String {
    let mut out = String::new();
    loop {
        let clause = clause(rng);
        let len = out.chars().count() + clause.chars().count() + 1;
        if !out.is_empty() && len > target {
            break;
        }
        if !out.is_empty() {
            out.push(if rng.chance(25) { '；' } else { '，' });
        }
        out.push_str(&clause);
        if len >= target {
            break;
        }
    }
    out.push('。');
    out
}

fn clause(rng: &mut Rng) -> String {
    let pattern = match rng.range(0, 9) {
        0..=4 => rng.pick(CLAUSES),
        5..=7 => rng.pick(TECHNICAL),
        _ => rng.pick(MARKED),
    };
    let mut s = pattern.to_string();
    for (key, lo, hi) in [("{n}", 1, 9999), ("{p}", 60, 100), ("{s}", 1, 9), ("{k}", 1000, 99999), ("{q}", 1, 4)] {
        while let Some(at) = s.find(key) {
            let value = rng.range(lo, hi).to_string();
            s.replace_range(at..at + key.len(), &value);
        }
    }
    let y = rng.range(2019, 2024);
    let span = rng.range(1, 3);
    s = s.replace("{y}", &y.to_string()).replace("{z}", &(y + span).to_string()).replace("{c}", &(span + 1).to_string());
    s
}

/// Text of one answer: paragraphs of 10–600 characters, sometimes several (a newline
/// starts a new paragraph).
fn text(rng: &mut Rng, short: bool) -> String {
    let count = if rng.chance(15) { rng.range(2, 3) } else { 1 };
    let mut parts = Vec::new();
    for _ in 0..count {
        let target = if short {
            rng.range(10, 120)
        } else if rng.chance(15) {
            rng.range(300, 600)
        } else {
            rng.range(10, 260)
        };
        parts.push(paragraph(rng, target as usize));
    }
    parts.join("\n")
}

/// A short heading-like phrase for an item's 标题 (the template adds 「。」).
fn item_title(rng: &mut Rng) -> String {
    let a = rng.pick(CLAUSES);
    if rng.chance(50) {
        a.chars().take(rng.range(6, 14) as usize).collect()
    } else {
        format!("{}，{}", a.chars().take(7).collect::<String>(), rng.pick(CLAUSES).chars().take(7).collect::<String>())
    }
}

/// A title of 8 to 60 characters: short ones (「青石镇党建自查报告」) and long ones with
/// several subjects, years and 《》 (the words a line-breaker must not split).
fn title(rng: &mut Rng, town: &str) -> String {
    let kind = rng.pick(TITLE_KINDS);
    if rng.chance(15) {
        return format!("{town}党建{kind}");
    }
    let target = rng.range(14, 60) as usize;
    let y = rng.range(2019, 2023);
    let mut subjects = String::new();
    let fixed = town.chars().count() + "党委关于的".chars().count() + kind.chars().count();
    for _ in 0..3 {
        let subject = rng.pick(TITLE_SUBJECTS).replace("{y}", &y.to_string()).replace("{z}", &(y + 2).to_string());
        if subjects.contains(&subject) || subjects.contains('暨') {
            continue;
        }
        let joined = subjects.chars().count() + subject.chars().count() + usize::from(!subjects.is_empty());
        if !subjects.is_empty() && (fixed + joined > 60 || fixed + subjects.chars().count() >= target) {
            break;
        }
        if fixed + joined > 60 {
            continue;
        }
        if !subjects.is_empty() {
            subjects.push('暨');
        }
        subjects.push_str(&subject);
    }
    let party = if rng.chance(50) { "党委" } else { "" };
    format!("{town}{party}关于{subjects}的{kind}")
}

fn list(rng: &mut Rng, min: u64, f: impl Fn(&mut Rng) -> Value) -> Value {
    let n = if rng.chance(30) { rng.range(min, 3) } else { rng.range(min, 15) };
    Value::Array((0..n).map(|_| f(rng)).collect())
}

/// The answers file of seed `seed`.
pub fn answers(seed: u64) -> Value {
    let rng = &mut Rng::new(seed);
    let town = rng.pick(TOWNS);
    let end = rng.range(2020, 2026);
    let start = if rng.chance(15) { end } else { end - rng.range(1, 4) };
    let mut years = Vec::new();
    for y in start..=end {
        if rng.chance(85) {
            years.push(json!({"年份": y, "人数": rng.range(0, 40)}));
        }
    }
    let years = if years.is_empty() { vec![json!({"年份": end, "人数": 7})] } else { years };
    let villages = rng.range(3, 40);
    let signer = match rng.range(0, 3) {
        0 => format!("中共{town}委员会"),
        1 => format!("中共{town}工作委员会"),
        2 => format!("{town}党委"),
        _ => format!("中国共产党{town}委员会组织办公室"),
    };
    let mut a = json!({
        "乡镇名称": town,
        "党委名称": signer,
        "成文日期": format!("2026-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
        "自查起始年份": start,
        "自查截止年份": end,
        "基本情况": {
            "概述": text(rng, false),
            "村党组织数": villages,
            "分年度发展党员数": years,
        },
        "主要做法": list(rng, 1, |r| json!({"标题": item_title(r), "内容": text(r, false)})),
        "存在问题": {"问题": list(rng, 1, |r| Value::String(text(r, true)))},
        "对策建议": list(rng, 1, |r| json!({"标题": item_title(r), "内容": text(r, false)})),
    });
    if rng.chance(50) {
        a["报告标题"] = Value::String(title(rng, town));
    }
    if rng.chance(70) {
        a["主送机关"] = Value::String(if rng.chance(50) { "县委组织部" } else { "中共青峰县委组织部" }.into());
    }
    if rng.chance(60) {
        a["通知来源"] = Value::String(format!("县委组织部《关于开展{}年发展党员工作自查的通知》", end));
    }
    if rng.chance(60) {
        a["基本情况"]["专兼职组织员人数"] = json!(rng.range(1, 12));
    }
    if rng.chance(50) {
        a["基本情况"]["三年以上未发展党员村数"] = json!(rng.range(0, villages.min(5)));
    }
    if rng.chance(50) {
        a["存在问题"]["引言"] = Value::String(text(rng, true));
    }
    if rng.chance(60) {
        a["下年工作计划"] = list(rng, 1, |r| Value::String(text(r, true)));
    }
    clerk_habits(&mut Rng::new(seed ^ 0x5EED_CAFE), &mut a);
    a
}

/// Sites a clerk names in a report: government and party sites, each with its name
/// (legitimate, not advert residue).
const SITES: &[&str] = &[
    "通过县政府门户网站（www.qingfeng.gov.cn）公示发展对象",
    "在共产党员网（https://www.12371.cn）组织网上学习",
    "登录省党员教育平台http://dyjy.zj.gov.cn/login?from=town&id=2024完成学时",
    "公示信息同步发布在镇政府网站https://qsz.qingfeng.gov.cn/xxgk/",
];

/// What clerks type that the template must cope with, from an RNG of its own so that the
/// rest of each file stays as it was: their own numbers before list items (「15.」,
/// 「3、」, 「（2）」, before a year too: 「15.2023—2025年」), and the URLs of official
/// sites in their prose.
fn clerk_habits(rng: &mut Rng, a: &mut Value) {
    if rng.chance(30) {
        if let Some(list) = a["存在问题"]["问题"].as_array_mut() {
            let n = list.len();
            for (i, item) in list.iter_mut().enumerate() {
                let typed = match rng.range(0, 2) {
                    0 => format!("{}.", i + 1),
                    1 => format!("{}、", i + 1),
                    _ => format!("（{}）", i + 1),
                };
                let year = if i + 1 == n { format!("{}—{}年", 2021, 2023) } else { String::new() };
                *item = Value::String(format!("{typed}{year}{}", item.as_str().unwrap_or("")));
            }
        }
    }
    if rng.chance(35) {
        let site = rng.pick(SITES);
        let text = a["基本情况"]["概述"].as_str().unwrap_or("").trim_end_matches('。').to_string();
        a["基本情况"]["概述"] = Value::String(format!("{text}，{site}。"));
    }
    if rng.chance(20) {
        if let Some(first) = a["主要做法"].get_mut(0) {
            let site = rng.pick(SITES);
            let text = first["内容"].as_str().unwrap_or("").trim_end_matches('。').to_string();
            first["内容"] = Value::String(format!("{text}；{site}。"));
        }
    }
}
