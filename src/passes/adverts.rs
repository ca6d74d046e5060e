//! Advert and watermark residue: the lines that 范文 downloaded from document-sharing sites
//! carry (「本文由QQ 123456整理，仅供学习」「更多精品范文请访问www.xxx.com」). One rule,
//! used by `render` (the placeholder pass removes the clause that holds one, with a warning)
//! and by `check` (`text.advert`), so that `check` never rejects what `render` wrote.
//!
//! What counts as residue (README: 「广告和水印残留」):
//! - the words of such sites: QQ numbers and groups, VX/微信 numbers, 微信号, 公众号, 会员 (not
//!   工会会员/协会会员), 仅供学习 (not 仅供参考: 「以上建议仅供参考」 is a clerk's), 禁止/严禁/请勿外传, 用后删除, 倒卖, 订阅, 免费赠送/领取/下载,
//!   「本文由…整理」 and 精心整理 (not 整理 alone: 「收集整理群众意见」 is report text), 完整版,
//!   唯一指定, 关注公众号 (not 关注 alone: 「重点关注困难群众」), 扫码关注/领取 (not 「扫码评价」),
//!   百度文库, 道客巴巴, 豆丁网, 原创力文档, 范文网, 下载地址, 更多精品, and the like;
//! - a web address (http://…, https://…, www.…), unless it is an official one: a government
//!   site (a host under .gov.cn or .gov), the party's and the state media's sites
//!   ([`OFFICIAL_HOSTS`]), or a site the text names just before its address
//!   (「共产党员网（www.12371.cn）」, 「省党员教育平台http://…」: a name ending in 网, 网站,
//!   平台, 门户, 系统 or 客户端). A clerk cites such sites; a document site's address comes
//!   after 「请访问」「下载」 or alone at the end of a page, never after the site's own name
//!   unless that name is itself one of the words above.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// The words of document-sharing sites, and web addresses (judged by [`is_official`]).
fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            concat!(
                r"(?i)QQ\s*[:：]?\s*\d{5,}|QQ群|(?:VX|V信|微信|威信|WX)\s*(?:号)?\s*[:：]?\s*[a-z0-9_-]{5,}|微信号|公众号|会员|",
                r"仅供学习|禁止外传|严禁外传|请勿外传|用后删除|阅后删除|倒卖|订阅|免费赠送|免费领取|免费下载|",
                r"整理，其他任何途径|(?:本文|本资料|本文档|资料|文档)由[^，。,\s]{1,20}整理|精心整理|整理(?:发布|上传|分享)|",
                r"完整版|唯一指定|关注(?:公众号|微信|我们|本号|作者)|(?:扫码|扫描二维码)(?:关注|领取|下载|加群|进群|获取|添加)|",
                r"百度文库|道客巴巴|豆丁网|原创力文档|范文网|下载地址|更多精品|(?:https?://|www\.)[a-z0-9._~:/?#@!$&*+=%-]*",
            ),
        )
        .expect("valid pattern")
    })
}

/// Hosts (and their subdomains) of official sites a report may cite, beyond .gov.cn.
const OFFICIAL_HOSTS: &[&str] = &["12371.cn", "people.com.cn", "xinhuanet.com", "news.cn", "qstheory.cn", "cctv.com", "gmw.cn", "dangjian.cn"];

/// Names of sites that, just before an address, say which site it is.
const SITE_NAMES: &[&str] = &["网", "网站", "官网", "平台", "门户", "系统", "客户端"];

/// The byte range of the first residue in `text` at or after byte `from`.
pub fn next_match(text: &str, mut from: usize) -> Option<Range<usize>> {
    while let Some(m) = pattern().find_at(text, from) {
        let s = m.as_str();
        let member = s == "会员" && (text[..m.start()].ends_with("工会") || text[..m.start()].ends_with("协会"));
        let url = s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("http") || h.eq_ignore_ascii_case("www."));
        if !member && !(url && (is_official(s) || is_named(&text[..m.start()]))) {
            return Some(m.range());
        }
        from = m.end();
    }
    None
}

/// Every residue in `text`, as written.
pub fn find(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(m) = next_match(text, from) {
        out.push(text[m.clone()].to_string());
        from = m.end;
    }
    out
}

/// True when the address `url` is on a government or official host.
fn is_official(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("").trim_end_matches('.');
    host.ends_with(".gov.cn")
        || host.ends_with(".gov")
        || host == "gov.cn"
        || OFFICIAL_HOSTS.iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// True when the text before an address ends with a site's name (「共产党员网（」,
/// 「教育平台：」, 「门户网站 」).
fn is_named(before: &str) -> bool {
    let name = before.trim_end_matches(|c: char| c.is_whitespace() || "（(：:".contains(c));
    SITE_NAMES.iter().any(|n| name.ends_with(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adverts_but_not_union_members() {
        assert_eq!(find("本资料由QQ 123456整理，仅供学习"), ["QQ 123456", "仅供学习"]);
        assert!(find("全镇工会会员和协会会员").is_empty());
        assert_eq!(find("开通会员免费下载"), ["会员", "免费下载"]);
        assert!(find("中共白云镇委员会对2024年以来的工作进行了自查。").is_empty());
    }

    #[test]
    fn seller_words_but_not_report_wording() {
        assert_eq!(find("本文由星火文库整理，用后删除"), ["本文由星火文库整理", "用后删除"]);
        assert_eq!(find("加VX：abc12345 或微信 wx_889900 免费领取"), ["VX：abc12345", "微信 wx_889900", "免费领取"]);
        assert_eq!(find("扫码关注，获取完整版"), ["扫码关注", "完整版"]);
        assert_eq!(find("关注公众号，仅供学习"), ["关注公众号", "仅供学习"]);
        assert_eq!(find("免费QQ群：88990011"), ["QQ群"]);
        for ok in [
            "重点关注困难群众和留守儿童的实际需求",
            "收集整理群众意见建议46条，对档案资料进行整理，做到一户一档",
            "组织党员扫码参与民主评议，微信群覆盖全部网格",
            "全镇工会会员参加职工运动会",
            "以上建议仅供参考，妥否，请批示",
            "群众扫一扫二维码即可在线办理，资料仅供内部使用",
        ] {
            assert!(find(ok).is_empty(), "{ok}: {:?}", find(ok));
        }
    }

    #[test]
    fn official_and_named_sites_are_not_adverts() {
        for ok in [
            "通过县政府门户网站（www.qingfeng.gov.cn）公示发展对象",
            "在共产党员网（https://www.12371.cn）组织网上学习",
            "登录省党员教育平台http://dyjy.zj.gov.cn/login?from=town&id=2024完成学时",
            "发布在https://qsz.qingfeng.gov.cn/xxgk/",
            "转载自人民网 http://cpc.people.com.cn/n1/2024/0101/c1.html",
            "登录县智慧党建平台：https://dj.qingfeng.com.cn/",
        ] {
            assert!(find(ok).is_empty(), "{ok}: {:?}", find(ok));
        }
        assert_eq!(find("更多精品范文请访问www.fanwen123.com"), ["更多精品", "www.fanwen123.com"]);
        assert_eq!(find("下载地址：http://wenku.example.com/d/1"), ["下载地址", "http://wenku.example.com/d/1"]);
        assert_eq!(find("本文来自第一范文网（www.diyifanwen.com）"), ["范文网"]);
        assert_eq!(find("详见http://www.gov.cn.example.com"), ["http://www.gov.cn.example.com"]);
    }
}
