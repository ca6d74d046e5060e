//! The answers of the built-in questionnaire, as typed Rust values.
//!
//! Built from a JSON value that [`crate::questionnaire`] has validated; every string here is
//! already clean (no characters XML forbids, `\r\n` folded to `\n`). Field names are
//! English for the code; the doc comment of each gives the Chinese key of the answers file.

use crate::model::Date;

/// A township's answers to 「发展党员工作三年自查报告」.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// 乡镇名称
    pub township: String,
    /// 报告标题 (replaces the generated title)
    pub report_title: Option<String>,
    /// 党委名称 (署名)
    pub committee: String,
    /// 主送机关
    pub recipient: Option<String>,
    /// 成文日期
    pub date: Date,
    /// 自查起始年份
    pub start_year: i32,
    /// 自查截止年份
    pub end_year: i32,
    /// 通知来源
    pub notice_source: Option<String>,
    /// 基本情况
    pub basics: Basics,
    /// 主要做法 (at least one)
    pub practices: Vec<TitledItem>,
    /// 存在问题
    pub problems: Problems,
    /// 对策建议 (at least one)
    pub suggestions: Vec<TitledItem>,
    /// 下年工作计划 (may be empty)
    pub next_year_plan: Vec<String>,
}

/// 基本情况
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basics {
    /// 基本情况.概述 (a newline starts a new paragraph)
    pub overview: String,
    /// 基本情况.村党组织数
    pub village_organisations: u32,
    /// 基本情况.专兼职组织员人数
    pub organisers: Option<u32>,
    /// 基本情况.分年度发展党员数, in the order given
    pub yearly: Vec<YearCount>,
    /// 基本情况.三年以上未发展党员村数
    pub villages_without_new_members: Option<u32>,
}

/// One entry of 基本情况.分年度发展党员数.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearCount {
    /// 年份
    pub year: i32,
    /// 人数
    pub count: u32,
}

/// An item of 主要做法 or 对策建议.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitledItem {
    /// 标题
    pub title: String,
    /// 内容
    pub content: String,
}

/// 存在问题
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// 存在问题.引言
    pub intro: Option<String>,
    /// 存在问题.问题 (at least one)
    pub items: Vec<String>,
}

impl Answers {
    /// Number of years covered (截止 − 起始 + 1), at least 1 once validated.
    pub fn years_covered(&self) -> u32 {
        (self.end_year - self.start_year + 1).max(1) as u32
    }

    /// Total members recruited over all listed years.
    pub fn total_recruited(&self) -> u64 {
        self.basics.yearly.iter().map(|y| u64::from(y.count)).sum()
    }
}
