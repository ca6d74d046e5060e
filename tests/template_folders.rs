//! Report kinds read from folders at run time: found by `--template NAME|PATH`, by
//! `"$template"` and the search folders; broken or hostile folders refused with the file
//! and line, exit 2, nothing written; `check` taking its sections from the kinds.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn baiyun() -> PathBuf {
    root().join("fixtures/baiyun-zhen.json")
}

/// The command, with no search folder of this machine (its config folder is `home`).
fn gongwen(home: &Path) -> Command {
    let mut c = Command::cargo_bin("gongwen").unwrap();
    c.env_remove("GONGWEN_TEMPLATES").env("XDG_CONFIG_HOME", home).env("HOME", home).env("APPDATA", home);
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the built-in kind in `parent/<id>`, its id and name changed, the last section
/// renamed 「今后打算」 and a field 「备注」 added; `edit` changes the files before writing.
fn make_kind(parent: &Path, id: &str, edit: impl FnOnce(&mut Files)) -> PathBuf {
    let src = root().join("templates/fazhan-dangyuan");
    let read = |n: &str| std::fs::read_to_string(src.join(n)).unwrap();
    let mut files = Files {
        manifest: read("template.json")
            .replace("\"fazhan-dangyuan\"", &format!("\"{id}\""))
            .replace("发展党员工作自查报告", "试验报告")
            .replace("{ \"title\": \"对策建议\", \"also\": [\"下一步工作打算\", \"下步打算\"] }", "{ \"title\": \"今后打算\" }"),
        questionnaire: read("questionnaire.json").replacen("\"fazhan-dangyuan\"", &format!("\"{id}\""), 1).replacen(
            "\"fields\": [",
            "\"fields\": [\n    {\"key\": \"备注\", \"type\": \"text\", \"label\": \"备注\", \"hint\": \"其他需要说明的情况\", \"required\": false, \"example\": \"无\"},",
            1,
        ),
        skeleton: read("report.hbs").replace("@h1 对策建议及下年工作计划", "@h1 今后打算").replace("@signature {{党委名称}}", "{{#if 备注}}\n@p {{备注}}\n{{/if}}\n@signature {{党委名称}}"),
        partials: Vec::new(),
    };
    edit(&mut files);
    let dir = parent.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("template.json"), &files.manifest).unwrap();
    std::fs::write(dir.join("questionnaire.json"), &files.questionnaire).unwrap();
    std::fs::write(dir.join("report.hbs"), &files.skeleton).unwrap();
    if !files.partials.is_empty() {
        std::fs::create_dir_all(dir.join("partials")).unwrap();
        for (name, text) in &files.partials {
            std::fs::write(dir.join("partials").join(format!("{name}.hbs")), text).unwrap();
        }
    }
    dir
}

struct Files {
    manifest: String,
    questionnaire: String,
    skeleton: String,
    partials: Vec<(String, String)>,
}

fn plain_kind(parent: &Path, id: &str) -> PathBuf {
    make_kind(parent, id, |_| {})
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn every_command_takes_a_folder_kind() {
    let tmp = TempDir::new().unwrap();
    let kind = plain_kind(tmp.path(), "shiyan");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let k = kind.to_str().unwrap();

    // render: the folder's skeleton (its own section title) and its own field.
    let mut answers: serde_json::Value = serde_json::from_slice(&std::fs::read(baiyun()).unwrap()).unwrap();
    answers["备注"] = "另附台账。".into();
    let a = tmp.path().join("a.json");
    std::fs::write(&a, answers.to_string()).unwrap();
    let docx = out.join("a.docx");
    let o = gongwen(tmp.path()).arg("render").arg(&a).args(["--template", k, "-o"]).arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dump = gongwen(tmp.path()).arg("dump").arg(&docx).output().unwrap();
    assert!(stdout(&dump).contains("今后打算") && stdout(&dump).contains("另附台账。"), "{}", stdout(&dump));
    // The built-in kind does not know 备注: the same answers warn there.
    let o = gongwen(tmp.path()).arg("validate").arg(&a).output().unwrap();
    assert!(stderr(&o).contains("备注"), "{}", stderr(&o));
    let o = gongwen(tmp.path()).arg("validate").arg(&a).args(["--template", k]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("没有发现问题"), "{}", stderr(&o));

    // schema and init name the kind; init's answers file says "$template".
    let o = gongwen(tmp.path()).args(["schema", "--template", k]).output().unwrap();
    assert!(stdout(&o).contains("urn:gongwen:template:shiyan"), "{}", stdout(&o));
    let init = tmp.path().join("init");
    std::fs::create_dir(&init).unwrap();
    gongwen(tmp.path()).args(["init", "--template", k, "-o"]).arg(&init).assert().code(0);
    let blank = std::fs::read_to_string(init.join("答案.json")).unwrap();
    assert!(blank.contains("\"$template\": \"shiyan\"") && blank.contains("\"备注\""), "{blank}");

    // --defaults is read with the chosen kind: 备注 is known there, no warning.
    let county = tmp.path().join("county.json");
    std::fs::write(&county, r#"{"备注": "县里统一。"}"#).unwrap();
    let o = gongwen(tmp.path()).arg("validate").arg(baiyun()).args(["--template", k, "--defaults"]).arg(&county).output().unwrap();
    assert!(stderr(&o).contains("没有发现问题"), "{}", stderr(&o));
    let o = gongwen(tmp.path()).arg("validate").arg(baiyun()).arg("--defaults").arg(&county).output().unwrap();
    assert!(stderr(&o).contains("备注"), "{}", stderr(&o));

    // batch.
    let batch_in = tmp.path().join("in");
    std::fs::create_dir(&batch_in).unwrap();
    std::fs::copy(&a, batch_in.join("a.json")).unwrap();
    let batch_out = tmp.path().join("batch");
    let o = gongwen(tmp.path()).arg("batch").arg(&batch_in).args(["--template", k, "-o"]).arg(&batch_out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(&batch_out).iter().filter(|n| n.ends_with(".docx")).count(), 1);

    // test: the folder's examples, by default.
    let examples = kind.join("examples");
    std::fs::create_dir(&examples).unwrap();
    std::fs::copy(&a, examples.join("a.json")).unwrap();
    gongwen(tmp.path()).args(["test", "--bless", "--template", k]).assert().code(0);
    let o = gongwen(tmp.path()).args(["test", "--template", k]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 个一致"), "{}", stdout(&o));

    // check: the kind's sections.
    let o = gongwen(tmp.path()).arg("check").arg(&docx).args(["--template", k]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn answers_name_their_kind_and_a_conflicting_flag_is_an_error() {
    let tmp = TempDir::new().unwrap();
    let kinds = tmp.path().join("kinds");
    plain_kind(&kinds, "shiyan");
    let mut answers: serde_json::Value = serde_json::from_slice(&std::fs::read(baiyun()).unwrap()).unwrap();
    answers["$template"] = "shiyan".into();
    let a = tmp.path().join("a.json");
    std::fs::write(&a, answers.to_string()).unwrap();
    let docx = tmp.path().join("a.docx");

    // Found by name in GONGWEN_TEMPLATES, without a flag.
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &kinds).arg("render").arg(&a).arg("-o").arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dump = gongwen(tmp.path()).arg("dump").arg(&docx).output().unwrap();
    assert!(stdout(&dump).contains("今后打算"));

    // The flag names another kind: an input problem (exit 1), nothing written.
    std::fs::remove_file(&docx).unwrap();
    let o = gongwen(tmp.path())
        .env("GONGWEN_TEMPLATES", &kinds)
        .arg("render")
        .arg(&a)
        .args(["--template", "fazhan-dangyuan", "-o"])
        .arg(&docx)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("答案文件指定的模板「shiyan」与所用的模板「fazhan-dangyuan」不一致"), "{}", stderr(&o));
    assert!(!docx.exists());

    // Not in any search folder: a usage error listing what there is.
    let o = gongwen(tmp.path()).arg("validate").arg(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有模板「shiyan」") && stderr(&o).contains("fazhan-dangyuan"), "{}", stderr(&o));

    // `gongwen templates` lists both, with where each came from.
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &kinds).arg("templates").output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let listed = stdout(&o);
    assert!(listed.contains("shiyan\t试验报告\t") && listed.contains("（GONGWEN_TEMPLATES）"), "{listed}");
    assert!(listed.contains("fazhan-dangyuan\t发展党员工作自查报告\t内置"), "{listed}");
}

#[test]
fn the_search_order_is_env_then_config_then_built_in() {
    let tmp = TempDir::new().unwrap();
    // The config folder holds a kind with the built-in's id: it comes first.
    let config = tmp.path().join("gongwen/templates");
    make_kind(&config, "fazhan-dangyuan", |f| f.manifest = f.manifest.replace("试验报告", "县里改过的报告"));
    let o = gongwen(tmp.path()).arg("templates").output().unwrap();
    let listed = stdout(&o);
    assert!(listed.contains("fazhan-dangyuan\t县里改过的报告\t") && listed.contains("（用户配置文件夹）"), "{listed}");
    assert!(listed.contains("内置（与前面的模板同名，不会被选用）"), "{listed}");
    // GONGWEN_TEMPLATES comes before the config folder.
    let env = tmp.path().join("env");
    make_kind(&env, "fazhan-dangyuan", |f| f.manifest = f.manifest.replace("试验报告", "环境变量的报告"));
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &env).args(["schema", "--template", "fazhan-dangyuan"]).output().unwrap();
    assert!(stdout(&o).contains("\"备注\""), "{}", stdout(&o));
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &env).arg("templates").output().unwrap();
    let listed = stdout(&o);
    let env_at = listed.find("环境变量的报告").unwrap();
    let config_at = listed.find("县里改过的报告").unwrap();
    assert!(env_at < config_at, "{listed}");
    // Without a flag, the default is the built-in one, whatever the folders hold.
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &env).arg("schema").output().unwrap();
    assert!(!stdout(&o).contains("\"备注\""));
}

/// Point 10: the sections come from the kinds. A report of a folder kind (last section
/// 「今后打算」) fails the default four sections, passes when that kind is known.
#[test]
fn check_takes_the_sections_of_the_kind_a_report_matches() {
    let tmp = TempDir::new().unwrap();
    let kinds = tmp.path().join("kinds");
    let kind = plain_kind(&kinds, "shiyan");
    let docx = tmp.path().join("a.docx");
    gongwen(tmp.path()).arg("render").arg(baiyun()).arg("--template").arg(&kind).arg("-o").arg(&docx).assert().code(0);

    let o = gongwen(tmp.path()).arg("check").arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[section.missing] 缺少「对策建议」部分"), "{}", stdout(&o));
    // Known through GONGWEN_TEMPLATES: the report's headings match it, it is used.
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &kinds).arg("check").arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", &kinds).arg("check").arg(&docx).args(["--template", "fazhan-dangyuan"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // The default kind's alternative titles count: 「下步打算」 is one of 对策建议's.
    let alias = make_kind(tmp.path(), "alias", |f| f.skeleton = f.skeleton.replace("@h1 今后打算", "@h1 下步打算"));
    let docx = tmp.path().join("b.docx");
    gongwen(tmp.path()).arg("render").arg(baiyun()).arg("--template").arg(&alias).arg("-o").arg(&docx).assert().code(0);
    let o = gongwen(tmp.path()).arg("check").arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // --sections and --template exclude each other.
    gongwen(tmp.path()).arg("check").arg(&docx).args(["--template", "fazhan-dangyuan", "--sections", "a"]).assert().code(2);
}

/// A broken or hostile folder: exit 2, a Chinese message naming the file (and line), no
/// report written.
fn refused(tmp: &TempDir, kind: &Path, wants: &[&str]) {
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let o = gongwen(tmp.path()).arg("render").arg(baiyun()).arg("--template").arg(kind).arg("-o").arg(out.join("a.docx")).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for want in wants {
        assert!(err.contains(want), "want 「{want}」 in:\n{err}");
    }
    assert!(err.contains("没有生成任何文件"), "{err}");
    assert_eq!(files_in(&out), Vec::<String>::new());
}

#[test]
fn broken_files_are_named_with_their_line() {
    let tmp = TempDir::new().unwrap();
    let bad_json = make_kind(tmp.path(), "a", |f| f.manifest = f.manifest.replace("\"format\": 1,", "\"format\": 1"));
    refused(&tmp, &bad_json, &["template.json 第 5 行第 3 列：格式不对，不是正确的 JSON"]);
    let unknown_key = make_kind(tmp.path(), "b", |f| f.questionnaire = f.questionnaire.replacen("\"required\": false,", "\"required\": false, \"requird\": true,", 1));
    refused(&tmp, &unknown_key, &["questionnaire.json 第 5 行", "不认识的键「requird」"]);
    let syntax = make_kind(tmp.path(), "c", |f| f.skeleton = f.skeleton.replace("{{/each}}", "{{/if}}"));
    refused(&tmp, &syntax, &["report.hbs 第 ", "不配对"]);
    let rule = make_kind(tmp.path(), "d", |f| f.questionnaire = f.questionnaire.replace("\"than\": \"村党组织数\"", "\"than\": \"村党组织总数\"").replace("\"than\": \"基本情况.村党组织数\"", "\"than\": \"基本情况.村党组织总数\""));
    let line = std::fs::read_to_string(rule.join("questionnaire.json")).unwrap().lines().position(|l| l.contains("\"not_more\"")).unwrap() + 1;
    refused(&tmp, &rule, &[&format!("questionnaire.json 第 {line} 行：第 4 条规则：问卷中没有字段「基本情况.村党组织总数」")]);
    let manifest_key = make_kind(tmp.path(), "e", |f| f.manifest = f.manifest.replace("\"format\": 1,", "\"format\": 1, \"fromat\": 1,"));
    refused(&tmp, &manifest_key, &["template.json 第 4 行", "不认识的键「fromat」"]);
}

/// Point 6: an unknown name is an error at load, with its line and column in report.hbs.
#[test]
fn a_skeleton_naming_an_unknown_field_is_refused_at_its_line() {
    let tmp = TempDir::new().unwrap();
    let kind = make_kind(tmp.path(), "a", |f| f.skeleton = f.skeleton.replace("@p {{乡镇名称}}现有村党组织", "@p {{乡镇名}}现有村党组织"));
    let line = std::fs::read_to_string(kind.join("report.hbs")).unwrap().lines().position(|l| l.starts_with("@p {{乡镇名}}")).unwrap() + 1;
    refused(&tmp, &kind, &[&format!("report.hbs 第 {line} 行第 4 列：「乡镇名」不是问卷中的字段")]);
    // Inside #each the names are the item's; an outer one is reached with ../ only.
    let inner = make_kind(tmp.path(), "b", |f| f.skeleton = f.skeleton.replace("@item {{标题}}|{{内容}}\n{{/each}}\n\n@h1 存在问题", "@item {{标题}}|{{内容}}{{乡镇名称}}\n{{/each}}\n\n@h1 存在问题"));
    refused(&tmp, &inner, &["「乡镇名称」不是此处", "../乡镇名称"]);
    let outer = make_kind(tmp.path(), "c", |f| {
        f.skeleton = f.skeleton.replace("@item {{标题}}|{{内容}}\n{{/each}}\n\n@h1 存在问题", "@item {{标题}}|{{@index}}{{../乡镇名称}}{{#if @first}}{{this.内容}}{{/if}}{{@root.$全域}}{{../$年数}}{{numeral (count ../主要做法)}}\n{{/each}}\n\n@h1 存在问题")
    });
    let o = gongwen(tmp.path()).arg("validate").arg(baiyun()).arg("--template").arg(&outer).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A derived name and a helper that do not exist; a triple stash.
    let names = make_kind(tmp.path(), "d", |f| f.skeleton = f.skeleton.replace("@signature {{党委名称}}", "@signature {{党委名称}}{{$全县}}{{upper 乡镇名称}}{{{乡镇名称}}}"));
    refused(&tmp, &names, &["derived 中没有「全县」", "没有函数「upper」", "三重花括号"]);
}

/// A Handlebars error while filling reaches the author in Chinese, in the author's file.
#[test]
fn a_render_error_points_into_report_hbs_in_chinese() {
    let tmp = TempDir::new().unwrap();
    let kind = make_kind(tmp.path(), "a", |f| f.skeleton = f.skeleton.replace("@signature {{党委名称}}", "@signature {{党委名称}}{{sum}}"));
    let o = gongwen(tmp.path()).arg("render").arg(baiyun()).arg("--template").arg(&kind).arg("-o").arg(tmp.path().join("x.docx")).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("report.hbs 第 ") && err.contains("函数「sum」缺少参数（list）"), "{err}");
    assert!(!tmp.path().join("x.docx").exists());
}

#[test]
fn partials_are_read_from_the_folder_only_and_cannot_recurse() {
    let tmp = TempDir::new().unwrap();
    // A partial used by the skeleton, its names checked where it is used.
    let good = make_kind(tmp.path(), "a", |f| {
        f.skeleton = f.skeleton.replace("@signature {{党委名称}}", "{{> 落款}}");
        f.partials.push(("落款".into(), "@signature {{党委名称}}\n".into()));
    });
    let o = gongwen(tmp.path()).arg("render").arg(baiyun()).arg("--template").arg(&good).arg("-o").arg(tmp.path().join("a.docx")).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bad_name = make_kind(tmp.path(), "b", |f| {
        f.skeleton = f.skeleton.replace("@signature {{党委名称}}", "{{> 落款}}");
        f.partials.push(("落款".into(), "@signature {{党委}}\n".into()));
    });
    refused(&tmp, &bad_name, &["partials/落款.hbs 第 1 行第 12 列：「党委」不是问卷中的字段"]);
    // Recursion: a → b → a.
    let cycle = make_kind(tmp.path(), "c", |f| {
        f.skeleton = f.skeleton.replace("@signature {{党委名称}}", "{{> a}}");
        f.partials.push(("a".into(), "{{> b}}".into()));
        f.partials.push(("b".into(), "{{#if 党委名称}}{{> a}}{{/if}}".into()));
    });
    refused(&tmp, &cycle, &["partials/b.hbs 第 1 行", "子模板循环引用：a → b → a"]);
    // `{{> ../x}}` names no partial of the folder; the file beside the folder is not read.
    std::fs::write(tmp.path().join("x.hbs"), "@p 文件夹以外的文字").unwrap();
    let outside = make_kind(tmp.path(), "d", |f| f.skeleton = f.skeleton.replace("@signature {{党委名称}}", "{{> ../x}}"));
    refused(&tmp, &outside, &["没有子模板「../x」"]);
    // A partial file whose name `{{> }}` could not write.
    let odd = make_kind(tmp.path(), "e", |f| f.partials.push(("a.b".into(), "@p x".into())));
    refused(&tmp, &odd, &["partials/a.b.hbs", "子模板的名字"]);
    // Inline partials and partial blocks are refused.
    let inline = make_kind(tmp.path(), "f", |f| f.skeleton = format!("{{{{#*inline \"x\"}}}}{{{{> x}}}}{{{{/inline}}}}\n{}", f.skeleton));
    refused(&tmp, &inline, &["report.hbs 第 1 行第 1 列", "装饰器"]);
}

#[test]
fn hostile_folders_cannot_read_outside_hang_or_exhaust() {
    let tmp = TempDir::new().unwrap();
    // A 10 MB skeleton.
    let big = plain_kind(tmp.path(), "a");
    std::fs::write(big.join("report.hbs"), "@p 字".repeat(10 * 1024 * 1024 / 8)).unwrap();
    refused(&tmp, &big, &["report.hbs 超过 128 KB"]);
    // 1,900 nested blocks within the size bounds: refused before parsing, no stack overflow.
    let deep = plain_kind(tmp.path(), "b");
    std::fs::write(deep.join("report.hbs"), "{{#if 乡镇名称}}".repeat(1_900) + "@p x" + &"{{/if}}".repeat(1_900)).unwrap();
    refused(&tmp, &deep, &["report.hbs 第 1 行", "嵌套超过 32 层"]);
    // Many expressions, spread over partials: loading time grows with their square, so
    // the kind's files together may have 4,000.
    let many = make_kind(tmp.path(), "f", |f| {
        for i in 0..3 {
            f.partials.push((format!("p{i}"), "{{乡镇名称}}".repeat(1_500)));
        }
    });
    refused(&tmp, &many, &["partials/p2.hbs 第 1 行第 ", "合计超过 4000 处"]);
    // A link leading out of the folder.
    #[cfg(unix)]
    {
        let secret = tmp.path().join("secret.txt");
        std::fs::write(&secret, "@p 机密").unwrap();
        let linked = plain_kind(tmp.path(), "c");
        std::fs::remove_file(linked.join("report.hbs")).unwrap();
        std::os::unix::fs::symlink(&secret, linked.join("report.hbs")).unwrap();
        refused(&tmp, &linked, &["report.hbs 是指向模板文件夹以外的链接"]);
        // A FIFO as the skeleton: refused, no hang (read with the stream bound).
        let fifo = plain_kind(tmp.path(), "d");
        std::fs::remove_file(fifo.join("report.hbs")).unwrap();
        let made = std::process::Command::new("mkfifo").arg(fifo.join("report.hbs")).status();
        if made.is_ok_and(|s| s.success()) {
            refused(&tmp, &fifo, &["report.hbs 不是普通文件"]);
        }
    }
    // Not UTF-8.
    let gbk = plain_kind(tmp.path(), "e");
    std::fs::write(gbk.join("report.hbs"), b"@p \xb0\xd7\xd4\xc6").unwrap();
    refused(&tmp, &gbk, &["report.hbs 第 1 行：不是 UTF-8 编码"]);
}
