//! The tables a skeleton declares, checked when the kind is loaded (so `template lint`
//! reports them with their line in report.hbs, before any report is rendered): the columns
//! fit the 156 mm text block, and every `@row` / `@total` line has one cell a column.
//!
//! The `@col` lines are the skeleton's own wording, and a row's cells are separated by the
//! `|` the skeleton types (a value's own `|` is escaped when it is filled in), so both can
//! be read from the source. What is computed there (an `@col` built from a value) is
//! checked again when the markup is read.

use super::names::Problem;
use crate::model::Column;

/// Every table problem of the skeleton `source` (the file `file`), in the order of the file.
pub fn check(source: &str, file: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    // The open table: the line of its `@table`, its columns, and whether a column was
    // computed (then nothing is counted).
    let mut open: Option<(usize, Vec<Column>, bool)> = None;
    let problem = |line: usize, message: String| Problem { file: file.to_owned(), line: Some(line), column: None, message };
    for (n, line) in source.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_start();
        let directive = line.strip_prefix('@').map(|rest| rest.split_once(' ').map_or(rest, |(d, _)| d));
        match (directive, open.as_mut()) {
            (Some("table"), None) => open = Some((line_no, Vec::new(), false)),
            (Some("col"), Some((_, columns, computed))) => {
                if line.contains("{{") {
                    *computed = true;
                    continue;
                }
                match super::markup::parse_column(line.trim_start_matches("@col").trim()) {
                    Ok(column) => columns.push(column),
                    Err(e) => problems.push(problem(line_no, e)),
                }
            }
            (Some(d @ ("row" | "total")), Some((_, columns, false))) if !columns.is_empty() => {
                let cells = cell_count(line);
                if cells != columns.len() {
                    problems.push(problem(line_no, format!("@{d} 这一行有 {cells} 格，表格有 {} 列（各格以 | 分隔）", columns.len())));
                }
            }
            (Some("end"), Some((start, columns, computed))) => {
                if !*computed {
                    if let Err(e) = crate::docx::column_widths(columns) {
                        problems.push(problem(*start, e));
                    }
                }
                open = None;
            }
            _ => {}
        }
    }
    problems
}

/// The cells of a `@row` line as the skeleton types them: the `|` outside `{{…}}` and not
/// escaped, plus one.
fn cell_count(line: &str) -> usize {
    let mut cells = 1;
    let mut depth = 0usize;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                depth += 1;
            }
            '}' if chars.peek() == Some(&'}') && depth > 0 => {
                chars.next();
                depth -= 1;
            }
            '\\' if depth == 0 => {
                chars.next();
            }
            '|' if depth == 0 => cells += 1,
            _ => {}
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_widths_are_checked_with_their_lines() {
        let source = "@p 前文\n@table 台账\n@col 序号 2 居中\n@col 问题 30\n@col 措施 10\n{{#each 问题}}\n@row {{inc @index}}|{{问题}}\n{{/each}}\n@total 合计|{{#if a}}x|y{{/if}}|z\n@end\n";
        let found: Vec<String> = check(source, "report.hbs").iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "report.hbs 第 7 行：@row 这一行有 2 格，表格有 3 列（各格以 | 分隔）",
                "report.hbs 第 9 行：@total 这一行有 4 格，表格有 3 列（各格以 | 分隔）",
                "report.hbs 第 2 行：表格各列宽度合计 42 字，3 列时版心（156 毫米，小四号字）最多容纳 34 字；请减少列数或列宽",
            ]
        );
        assert!(check("@table 台账\n@col 序号 2\n@row {{a}}\n@end", "report.hbs").is_empty());
        assert_eq!(cell_count("@row a\\|b|{{x \"|\"}}|c"), 3);
    }
}
