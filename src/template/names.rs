//! Every name a skeleton uses, checked against the questionnaire when the kind is loaded.
//!
//! Handlebars prints an unknown name as empty text: `{{乡镇名}}` for `{{乡镇名称}}` gave
//! 「现有村党组织16个」 and exit 0. So the parsed skeleton
//! ([`handlebars::template::Template`], whose `mapping` gives each element's line and column
//! in the author's file) is walked here, and every path is resolved against the fields the
//! context will have at that place: the questionnaire's top-level fields and the derived
//! `$names` at the root, a list's item inside `#each` over it (with `this`, `@index`,
//! `@first`, `@last`), an object's members inside `#with`; `../` goes back out. Every
//! helper name must be one gongwen provides ([`super::helpers::is_helper`]), every partial
//! one of the folder's. What the skeleton could do to escape its role is refused too:
//! `{{{…}}}` and `{{&…}}` (they bypass the escaping that keeps an answer from becoming
//! markup), decorators and inline partials, partial blocks, partials named by an
//! expression.

use std::collections::HashMap;

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{Path, PathSeg};

use crate::questionnaire::{Field, FieldType};

/// Most elements visited while checking one skeleton with its partials expanded at each
/// use: a partial used twice in a partial used twice … must not take exponential time.
const MAX_VISITS: usize = 200_000;

/// What a name can stand for at one place of the skeleton.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// The top of the context: the top-level fields and the derived values.
    Root,
    /// The fields of an object (or of a list's object items).
    Fields(&'a [Field]),
    /// A list: `#each` over it opens its item.
    List(&'a Field),
    /// One value with no members (a text, number or date: `{{this}}` only).
    Leaf,
    /// A value the check cannot see into (a helper's result, a block parameter): any path
    /// under it is accepted.
    Any,
}

/// The place a problem was found, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file inside the folder (`report.hbs`, `partials/落款.hbs`).
    pub file: String,
    /// 1-based line and column, when Handlebars gave them.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " 第 {l} 行第 {c} 列")?,
            (Some(l), None) => write!(f, " 第 {l} 行")?,
            _ => {}
        }
        write!(f, "：{}", self.message)
    }
}

/// The names known to a skeleton: the questionnaire's fields, the derived values, the
/// partials (parsed, with the file each came from).
pub struct Known<'a> {
    pub fields: &'a [Field],
    pub derived: &'a [String],
    pub partials: &'a HashMap<String, (String, Template)>,
}

/// Checks a parsed template whose root is the answers (the skeleton, or a derived value's
/// expression). Returns every problem, in the order of the file.
pub fn check(template: &Template, file: &str, known: &Known<'_>) -> Vec<Problem> {
    let mut walk = Walk { known, file: file.to_owned(), problems: Vec::new(), visits: 0, partial_stack: Vec::new() };
    let mut scopes = vec![Scope::Root];
    walk.template(template, &mut scopes, 0);
    walk.problems
}

struct Walk<'a, 'k> {
    known: &'a Known<'k>,
    /// The file of the template being walked (a partial's own while inside it).
    file: String,
    problems: Vec<Problem>,
    visits: usize,
    /// The partials being expanded, to refuse a partial that includes itself.
    partial_stack: Vec<String>,
}

impl<'k> Walk<'_, 'k> {
    fn problem(&mut self, at: Option<(usize, usize)>, message: String) {
        if self.problems.len() < crate::limits::MAX_DIAGNOSTICS {
            let (line, column) = at.map_or((None, None), |(l, c)| (Some(l), Some(c)));
            self.problems.push(Problem { file: self.file.clone(), line, column, message });
        }
    }

    fn template(&mut self, t: &Template, scopes: &mut Vec<Scope<'k>>, depth: usize) {
        for (i, e) in t.elements.iter().enumerate() {
            self.visits += 1;
            if self.visits > MAX_VISITS {
                if self.visits == MAX_VISITS + 1 {
                    self.problem(None, format!("展开子模板后超过 {MAX_VISITS} 个元素，请减少子模板的嵌套使用"));
                }
                return;
            }
            let at = t.mapping.get(i).map(|m| (m.0, m.1));
            self.element(e, at, scopes, depth);
        }
    }

    fn element(&mut self, e: &TemplateElement, at: Option<(usize, usize)>, scopes: &mut Vec<Scope<'k>>, depth: usize) {
        match e {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            TemplateElement::HtmlExpression(_) => {
                self.problem(at, "不能使用三重花括号 {{{ }}} 或 {{& }}：答案必须经过转义才能插入".into());
            }
            TemplateElement::Expression(h) => self.expression(h, at, scopes),
            TemplateElement::HelperBlock(h) => self.block(h, at, scopes, depth),
            TemplateElement::DecoratorExpression(_) | TemplateElement::DecoratorBlock(_) => {
                self.problem(at, "不支持 {{* }} 装饰器（包括 inline 子模板）；子模板请放在 partials 文件夹中".into());
            }
            TemplateElement::PartialBlock(_) => {
                self.problem(at, "不支持 {{#> }} 子模板块；请用 {{> 名称}}".into());
            }
            TemplateElement::PartialExpression(d) => {
                let name = match &d.name {
                    Parameter::Name(n) => Some(n.clone()),
                    Parameter::Path(Path::Relative((_, raw))) => Some(raw.clone()),
                    Parameter::Literal(serde_json::Value::String(s)) => Some(s.clone()),
                    _ => None,
                };
                let Some(name) = name else {
                    self.problem(at, "子模板的名字要直接写出（{{> 名称}}），不能由表达式算出".into());
                    return;
                };
                for p in &d.params {
                    self.parameter(p, at, scopes);
                }
                for p in d.hash.values() {
                    self.parameter(p, at, scopes);
                }
                self.partial(&name, at, scopes, depth, !d.params.is_empty() || !d.hash.is_empty());
            }
            _ => self.problem(at, "不认识的 Handlebars 写法".into()),
        }
    }

    /// `{{> name}}`: the partial's names are checked where it is used, in the scope of the use.
    fn partial(&mut self, name: &str, at: Option<(usize, usize)>, scopes: &mut Vec<Scope<'k>>, depth: usize, new_context: bool) {
        let known = self.known;
        let Some((file, parsed)) = known.partials.get(name) else {
            let shown = crate::diag::printable(name);
            self.problem(at, format!("没有子模板「{shown}」：子模板是 partials 文件夹中的「名称.hbs」"));
            return;
        };
        if self.partial_stack.iter().any(|p| p == name) {
            let mut chain = self.partial_stack.clone();
            chain.push(name.to_owned());
            self.problem(at, format!("子模板循环引用：{}", chain.join(" → ")));
            return;
        }
        let outer = std::mem::replace(&mut self.file, file.clone());
        self.partial_stack.push(name.to_owned());
        // `{{> name 上下文}}` or `{{> name a=b}}` changes what the partial sees: not followed.
        if new_context {
            scopes.push(Scope::Any);
        }
        self.template(parsed, scopes, depth + 1);
        if new_context {
            scopes.pop();
        }
        self.partial_stack.pop();
        self.file = outer;
    }

    /// `{{name}}` or `{{helper args}}`.
    fn expression(&mut self, h: &HelperTemplate, at: Option<(usize, usize)>, scopes: &[Scope<'k>]) {
        let called = !h.params.is_empty() || !h.hash.is_empty();
        match &h.name {
            Parameter::Name(n) if called || super::helpers::is_helper(n) => self.helper_name(n, at),
            Parameter::Path(Path::Relative((segs, raw))) if segs.len() == 1 && (called || super::helpers::is_helper(raw)) => self.helper_name(raw, at),
            name => {
                self.parameter(name, at, scopes);
            }
        }
        for p in h.params.iter().chain(h.hash.values()) {
            self.parameter(p, at, scopes);
        }
    }

    fn helper_name(&mut self, name: &str, at: Option<(usize, usize)>) {
        if !super::helpers::is_helper(name) {
            let shown = crate::diag::printable(name);
            self.problem(at, format!("没有函数「{shown}」（可用的函数见编写说明）"));
        }
    }

    /// `{{#each 列表}}…{{else}}…{{/each}}` and the other blocks.
    fn block(&mut self, h: &HelperTemplate, at: Option<(usize, usize)>, scopes: &mut Vec<Scope<'k>>, depth: usize) {
        let name = match &h.name {
            Parameter::Name(n) => n.clone(),
            Parameter::Path(Path::Relative((_, raw))) => raw.clone(),
            _ => String::new(),
        };
        self.helper_name(&name, at);
        let mut inner = None;
        for (k, p) in h.params.iter().enumerate() {
            let scope = self.parameter(p, at, scopes);
            if k == 0 {
                inner = Some(scope);
            }
        }
        for p in h.hash.values() {
            self.parameter(p, at, scopes);
        }
        let body = match (name.as_str(), inner.flatten()) {
            ("each", Some(Scope::List(list))) => Some(list.items.as_deref().map_or(Scope::Any, field_scope)),
            ("each", _) => Some(Scope::Any),
            ("with", scope) => Some(scope.unwrap_or(Scope::Any)),
            _ => None,
        };
        let body = if h.block_param.is_some() { Some(Scope::Any) } else { body };
        if let Some(t) = &h.template {
            match body {
                Some(scope) => {
                    scopes.push(scope);
                    self.template(t, scopes, depth);
                    scopes.pop();
                }
                None => self.template(t, scopes, depth),
            }
        }
        if let Some(t) = &h.inverse {
            self.template(t, scopes, depth);
        }
    }

    /// Checks one parameter; `Some(scope)` is what the value is when it is a path (the scope
    /// a block over it opens), `None` when it is a literal or a helper's result.
    fn parameter(&mut self, p: &Parameter, at: Option<(usize, usize)>, scopes: &[Scope<'k>]) -> Option<Scope<'k>> {
        match p {
            Parameter::Literal(_) => None,
            Parameter::Name(n) => {
                self.helper_name(n, at);
                None
            }
            Parameter::Subexpression(sub) => {
                let element = sub.as_element();
                if let TemplateElement::Expression(h) | TemplateElement::HelperBlock(h) = element {
                    self.helper_name(sub.name(), at);
                    let mut first = None;
                    for (k, p) in h.params.iter().enumerate() {
                        let scope = self.parameter(p, at, scopes);
                        if k == 0 {
                            first = scope;
                        }
                    }
                    for p in h.hash.values() {
                        self.parameter(p, at, scopes);
                    }
                    // `(sort_by 列表 "键")` is the list again, sorted.
                    return if sub.name() == "sort_by" { first.or(Some(Scope::Any)) } else { Some(Scope::Any) };
                }
                Some(Scope::Any)
            }
            Parameter::Path(path) => match self.resolve(path, scopes) {
                Ok(scope) => Some(scope),
                Err(message) => {
                    self.problem(at, message);
                    None
                }
            },
            _ => {
                self.problem(at, "不认识的 Handlebars 写法".into());
                None
            }
        }
    }

    /// Resolves a path in the scopes it is used in: the scope its value has, or why it names
    /// nothing.
    fn resolve(&self, path: &Path, scopes: &[Scope<'k>]) -> Result<Scope<'k>, String> {
        let (segs, raw) = match path {
            Path::Local((_, name, raw)) => {
                let in_each = scopes.len() > 1;
                return match name.as_str() {
                    "index" | "first" | "last" | "key" if in_each => Ok(Scope::Leaf),
                    _ => Err(format!("「{}」只能用在 {{{{#each}}}} 之内（可用 @index @first @last）", crate::diag::printable(raw))),
                };
            }
            Path::Relative((segs, raw)) => (segs, raw),
        };
        let ruled = segs.iter().take_while(|s| matches!(s, PathSeg::Ruled(_))).count();
        let names: Vec<&str> = segs[ruled..].iter().filter_map(|s| if let PathSeg::Named(n) = s { Some(n.as_str()) } else { None }).collect();
        let start = if raw.starts_with("@root") {
            Scope::Root
        } else {
            let up = ruled;
            if up >= scopes.len() {
                return Err(format!("「{}」的 ../ 超出了最外层", crate::diag::printable(raw)));
            }
            scopes[scopes.len() - 1 - up]
        };
        let mut scope = start;
        for (k, name) in names.iter().enumerate() {
            scope = match self.member(scope, name) {
                Some(s) => s,
                None => return Err(self.unknown(raw, &names[..=k], scope)),
            };
        }
        Ok(scope)
    }

    /// The scope of `name` inside `scope`, when it has such a member.
    fn member(&self, scope: Scope<'k>, name: &str) -> Option<Scope<'k>> {
        match scope {
            Scope::Any => Some(Scope::Any),
            Scope::Leaf => None,
            Scope::Root => {
                if let Some(d) = name.strip_prefix('$') {
                    return self.known.derived.iter().any(|n| n == d).then_some(Scope::Any);
                }
                self.known.fields.iter().find(|f| f.key == name).map(field_scope)
            }
            Scope::Fields(fields) => fields.iter().find(|f| f.key == name).map(field_scope),
            Scope::List(list) if name.parse::<usize>().is_ok() => Some(list.items.as_deref().map_or(Scope::Any, field_scope)),
            Scope::List(_) => (name == "length").then_some(Scope::Leaf),
        }
    }

    fn unknown(&self, raw: &str, upto: &[&str], scope: Scope<'_>) -> String {
        let raw = crate::diag::printable(raw);
        let last = upto.last().copied().unwrap_or("");
        let shown = crate::diag::printable(last);
        let parent = crate::diag::printable(&upto[..upto.len() - 1].join(".")).into_owned();
        let keys = |fields: &[Field]| fields.iter().map(|f| f.key.as_str()).collect::<Vec<_>>().join("、");
        match scope {
            Scope::Root if last.starts_with('$') => format!("「{raw}」：template.json 的 derived 中没有「{}」", &shown[1..]),
            Scope::Root => format!("「{raw}」不是问卷中的字段（也不是函数）：填写时会是空白"),
            Scope::Leaf | Scope::List(_) if upto.len() == 1 => {
                format!("「{raw}」：此处（{{{{#each}}}} 之内）是列表中的一项，没有下级字段「{shown}」；用 {{{{this}}}} 取这一项")
            }
            Scope::Leaf | Scope::List(_) => format!("「{raw}」：「{parent}」没有下级字段「{shown}」"),
            Scope::Fields(fields) if upto.len() == 1 => {
                format!("「{raw}」不是此处（{{{{#each}}}} 或 {{{{#with}}}} 之内）可用的字段（可用：{}）；外层的字段要写成 ../{shown} 或 @root.{shown}", keys(fields))
            }
            Scope::Fields(fields) => format!("「{raw}」：「{parent}」没有下级字段「{shown}」（可用：{}）", keys(fields)),
            Scope::Any => format!("「{raw}」无法解析"),
        }
    }
}

/// What a field's value is, as a scope: an object's members, a list's items (so that
/// `#each` over it opens the item), a leaf.
fn field_scope(f: &Field) -> Scope<'_> {
    match f.kind {
        FieldType::Object => Scope::Fields(&f.fields),
        FieldType::List => Scope::List(f),
        _ => Scope::Leaf,
    }
}
