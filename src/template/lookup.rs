//! Finding a report kind by `--template NAME|PATH`.
//!
//! In this order, the first match wins:
//! 1. a value with a path separator, or naming an existing folder, is that folder;
//! 2. a folder `NAME` in each folder listed in `GONGWEN_TEMPLATES` (separated as `PATH` is:
//!    `:` on Unix, `;` on Windows);
//! 3. `templates/NAME` beside the executable (a county hands out the program with its
//!    folders in one zip);
//! 4. `NAME` in the user's configuration folder: `%APPDATA%\gongwen\templates` on Windows,
//!    `$XDG_CONFIG_HOME/gongwen/templates` or `~/.config/gongwen/templates` elsewhere;
//! 5. the built-in kinds.
//!
//! A folder found by name must hold a kind of that id. A broken folder is an error, never
//! skipped for a later one: the user would otherwise get another kind than the one named.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{builtins, load_folder, Template};

/// Where a kind was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the program.
    BuiltIn,
    /// A folder named on the command line.
    Path(PathBuf),
    /// A folder found by name in one of the search folders.
    Search(Place, PathBuf),
}

/// The search folders, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Env,
    BesideProgram,
    Config,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |p: &Path| crate::diag::printable(&p.display().to_string()).into_owned();
        match self {
            Origin::BuiltIn => write!(f, "内置"),
            Origin::Path(p) => write!(f, "{}", shown(p)),
            Origin::Search(Place::Env, p) => write!(f, "{}（GONGWEN_TEMPLATES）", shown(p)),
            Origin::Search(Place::BesideProgram, p) => write!(f, "{}（程序旁的 templates 文件夹）", shown(p)),
            Origin::Search(Place::Config, p) => write!(f, "{}（用户配置文件夹）", shown(p)),
        }
    }
}

/// Why `--template` gave no kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindError {
    /// Nothing of that name: the message lists the kinds there are.
    NotFound(String),
    /// A folder was found but cannot be used (each line one problem).
    Broken(String),
}

impl std::fmt::Display for FindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FindError::NotFound(m) | FindError::Broken(m) => write!(f, "{m}"),
        }
    }
}

/// The search folders, in order, with where each comes from (folders that do not exist
/// included: the caller looks inside).
pub fn search_folders() -> Vec<(Place, PathBuf)> {
    let mut out = Vec::new();
    if let Some(list) = std::env::var_os("GONGWEN_TEMPLATES") {
        out.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()).map(|p| (Place::Env, p)));
    }
    if let Some(dir) = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf)) {
        out.push((Place::BesideProgram, dir.join("templates")));
    }
    if let Some(dir) = config_folder() {
        out.push((Place::Config, dir));
    }
    out
}

/// The user's own templates folder, from the environment (no crate needed for two
/// variables).
fn config_folder() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        return var("APPDATA").map(|d| d.join("gongwen").join("templates"));
    }
    var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|h| h.join(".config"))).map(|d| d.join("gongwen").join("templates"))
}

/// True when `--template` names a folder rather than a kind.
fn is_path(value: &str) -> bool {
    value.contains('/') || value.contains(std::path::MAIN_SEPARATOR) || value == "." || value == ".." || Path::new(value).is_dir()
}

/// Finds the kind `value` names (see the module's order).
pub fn find(value: &str) -> Result<Arc<Template>, FindError> {
    if is_path(value) {
        let dir = PathBuf::from(value);
        return load_folder(&dir, Origin::Path(dir.clone())).map(Arc::new).map_err(FindError::Broken);
    }
    for (place, folder) in search_folders() {
        let dir = folder.join(value);
        if dir.is_dir() {
            let t = load_folder(&dir, Origin::Search(place, dir.clone())).map_err(FindError::Broken)?;
            if t.id() != value {
                let shown = crate::diag::printable(&dir.display().to_string()).into_owned();
                return Err(FindError::Broken(format!("模板文件夹「{shown}」：template.json 中的 id「{}」与文件夹名不一致", t.id())));
            }
            return Ok(Arc::new(t));
        }
    }
    if let Some(t) = builtins().iter().find(|t| t.id() == value) {
        return Ok(t.clone());
    }
    let known: Vec<String> = list().into_iter().filter_map(|k| k.template.ok().map(|t| t.id().to_owned())).collect();
    let mut known_unique: Vec<String> = Vec::new();
    for id in known {
        if !known_unique.contains(&id) {
            known_unique.push(id);
        }
    }
    Err(FindError::NotFound(format!(
        "没有模板「{}」。可用的模板：{}",
        crate::diag::printable(value),
        known_unique.join("、")
    )))
}

/// One kind found by [`list`].
pub struct Listed {
    /// The folder (or `BuiltIn`).
    pub origin: Origin,
    /// The kind, or why its folder cannot be used.
    pub template: Result<Arc<Template>, String>,
    /// A kind of the same id found earlier in the order: `--template` never reaches this one.
    pub shadowed: bool,
}

/// Every kind: each folder with a `template.json` in each search folder (sorted by name),
/// then the built-ins.
pub fn list() -> Vec<Listed> {
    let mut out: Vec<Listed> = Vec::new();
    for (place, folder) in search_folders() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut dirs: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("template.json").is_file()).collect();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let template = load_folder(&dir, Origin::Search(place, dir.clone())).map(Arc::new);
            let shadowed = out.iter().any(|l| l.id() == Some(name.as_str()));
            out.push(Listed { origin: Origin::Search(place, dir), template, shadowed });
        }
    }
    for t in builtins() {
        let shadowed = out.iter().any(|l| l.id() == Some(t.id()));
        out.push(Listed { origin: Origin::BuiltIn, template: Ok(t.clone()), shadowed });
    }
    out
}

impl Listed {
    fn id(&self) -> Option<&str> {
        self.template.as_ref().ok().map(|t| t.id())
    }
}
