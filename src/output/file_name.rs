//! Report file names from titles: the same name on every system, and no name that looks like
//! something else (a device, a hidden or lock file, a different extension).

use crate::limits::MAX_FILE_NAME_CHARS;

/// Most file systems (ext4, NTFS via UTF-16 aside) cap a name at 255 bytes.
const MAX_FILE_NAME_BYTES: usize = 240;

/// A file name for a report titled `title`, safe on Windows and Linux alike: no
/// `\ / : * ? " < > |` or control characters, no invisible characters (zero-width, bidi
/// controls, line separators: see [`is_invisible`]), no leading dots or spaces (hidden
/// files), no trailing dots or spaces, no reserved device names (CON, NUL, COM1, COM¹,
/// CONIN$…), no `~$` at the start (Word's lock files, which `check FOLDER/` skips), at most
/// [`MAX_FILE_NAME_CHARS`] characters, `.docx` appended.
pub fn file_name_for(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let stem = cleaned.trim_start_matches(|c: char| c == '.' || c.is_whitespace()).trim_end();
    // 「~$青山镇…」 would be taken for the lock file Word keeps beside an open document.
    let lock_like = stem.starts_with("~$");
    let ext = ".docx";
    let budget_chars = MAX_FILE_NAME_CHARS - ext.len() - usize::from(lock_like);
    let budget_bytes = MAX_FILE_NAME_BYTES - ext.len() - usize::from(lock_like);
    let mut end = 0;
    for (count, (at, c)) in stem.char_indices().enumerate() {
        if count == budget_chars || at + c.len_utf8() > budget_bytes {
            break;
        }
        end = at + c.len_utf8();
    }
    let mut stem = stem[..end].trim_end_matches(['.', ' ']).to_string();
    if stem.is_empty() {
        stem = "报告".into();
    }
    if lock_like || is_reserved_windows_name(&stem) {
        stem.insert(0, '_');
    }
    stem + ext
}

/// Characters that show as nothing (or only move text around): a name holding them looks
/// like another name («ABC\u{200B}镇报告» and «ABC镇报告»), or hides its real extension
/// («报告\u{202E}xcod.exe» shows as 报告exe.docx). Unicode's Default_Ignorable_Code_Point
/// set, the other format characters (Cf), and the line and paragraph separators.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF
        // Format characters outside Default_Ignorable_Code_Point (number signs, marks).
        | 0x0600..=0x0605 | 0x06DD | 0x070F | 0x0890 | 0x0891 | 0x08E2 | 0x110BD | 0x110CD
        | 0x13430..=0x1343F)
}

/// Windows' device names: CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0–9, LPT0–9 and COM¹–³,
/// LPT¹–³ (superscript digits), in any case, also with an extension (`nul.txt`), which
/// Windows opens as the device instead of a file.
fn is_reserved_windows_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    if matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$") {
        return true;
    }
    let rest = base.strip_prefix("COM").or_else(|| base.strip_prefix("LPT"));
    rest.is_some_and(|digit| {
        let mut digit = digit.chars();
        matches!((digit.next(), digit.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_everywhere() {
        assert_eq!(file_name_for("青山镇发展党员工作三年自查报告"), "青山镇发展党员工作三年自查报告.docx");
        assert_eq!(file_name_for("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j.docx");
        assert_eq!(file_name_for("../../etc/passwd"), "_.._etc_passwd.docx");
        assert_eq!(file_name_for("报告. . "), "报告.docx");
        assert_eq!(file_name_for(". .隐藏"), "隐藏.docx");
        assert_eq!(file_name_for(""), "报告.docx");
        assert_eq!(file_name_for("\u{7}\t"), "__.docx");
        let long = file_name_for(&"长".repeat(300));
        assert!(long.chars().count() <= MAX_FILE_NAME_CHARS && long.len() <= 255 && long.ends_with(".docx"));
    }

    #[test]
    fn windows_device_names_get_a_prefix() {
        for name in ["CON", "com1", "nul.txt", "COM0", "lpt9", "COM¹", "com²", "LPT³", "lpt¹.报告", "CONIN$", "conout$", "Conin$.txt", "AUX .x"] {
            assert_eq!(file_name_for(name), format!("_{name}.docx"), "{name}");
        }
        for name in ["COM10", "COM", "LPT⁴", "CONIN", "CONOUT$X", "COM¹报告", "a报告", "报"] {
            assert_eq!(file_name_for(name), format!("{name}.docx"), "{name}");
        }
    }

    #[test]
    fn invisible_characters_are_removed() {
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2060}', '\u{2064}', '\u{2066}', '\u{2069}', '\u{FEFF}', '\u{2028}', '\u{2029}', '\u{00AD}', '\u{180E}', '\u{FE0F}', '\u{E0001}', '\u{0600}'] {
            assert_eq!(file_name_for(&format!("ABC{c}镇报告")), "ABC镇报告.docx", "U+{:04X}", c as u32);
        }
        assert_eq!(file_name_for("报告\u{202E}xcod.exe"), "报告xcod.exe.docx");
        assert_eq!(file_name_for("\u{200B}.隐藏"), "隐藏.docx", "no hidden file behind an invisible character");
        assert_eq!(file_name_for("CO\u{200B}N"), "_CON.docx");
    }

    #[test]
    fn a_title_never_looks_like_a_word_lock_file() {
        assert_eq!(file_name_for("~$青山镇报告"), "_~$青山镇报告.docx");
        assert_eq!(file_name_for(" ~\u{200B}$报告"), "_~$报告.docx");
        assert_eq!(file_name_for("~青山镇"), "~青山镇.docx");
        let long = file_name_for(&format!("~${}", "长".repeat(300)));
        assert!(long.starts_with("_~$") && long.chars().count() <= MAX_FILE_NAME_CHARS && long.len() <= 240, "{long}");
    }
}
