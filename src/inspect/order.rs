//! Child order of the property elements Word is strict about, from wml.xsd.
//!
//! Word silently drops run properties that appear out of schema order (fonts included)
//! and Word for the web refuses the file; LibreOffice does not mind, so a file can look
//! right on one machine and wrong on another. This check needs no schema tooling, so the
//! test suite and the fuzz targets can apply it to every part we write.

use super::xml::Element;

/// `CT_PPrBase` followed by the `CT_PPr` additions.
const PPR: &[&str] = &[
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
];

/// `EG_RPrBase` followed by `w:rPrChange`.
const RPR: &[&str] = &[
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath", "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange",
];

/// `CT_SectPr`.
const SECT_PR: &[&str] = &[
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
    "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
    "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
];

/// Every out-of-order child of a `w:pPr`, `w:rPr` or `w:sectPr` in `root`, described.
pub fn violations(root: &Element) -> Vec<String> {
    let mut out = Vec::new();
    for (parent, order) in [("w:pPr", PPR), ("w:rPr", RPR), ("w:sectPr", SECT_PR)] {
        for el in root.descendants(parent) {
            let mut last: Option<(usize, &str)> = None;
            for child in el.elements() {
                // Header and footer references may come in any order among themselves.
                let name = if child.name == "w:headerReference" { "w:footerReference" } else { child.name.as_str() };
                let Some(pos) = order.iter().position(|n| *n == name) else { continue };
                if let Some((prev, prev_name)) = last {
                    if pos < prev {
                        out.push(format!("{parent} 中 <{}> 出现在 <{prev_name}> 之后", child.name));
                    }
                }
                if last.is_none_or(|(p, _)| pos >= p) {
                    last = Some((pos, order[pos]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::xml::parse;

    #[test]
    fn finds_fonts_after_size() {
        let ok = parse(r#"<w:r><w:rPr><w:rFonts/><w:b/><w:sz/></w:rPr></w:r>"#).unwrap();
        assert!(violations(&ok).is_empty());
        let bad = parse(r#"<w:p><w:pPr><w:jc/><w:pStyle/></w:pPr><w:r><w:rPr><w:sz/><w:rFonts/></w:rPr></w:r></w:p>"#).unwrap();
        assert_eq!(violations(&bad).len(), 2, "{:?}", violations(&bad));
    }
}
