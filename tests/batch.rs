//! `gongwen batch` as a county runs it: many townships, some broken, two with the same
//! name; every report whole, nothing else touched.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture_value(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A township based on the 白云镇 fixture with its own name.
fn township(name: &str) -> Value {
    let mut v = fixture_value("baiyun-zhen.json");
    v["乡镇名称"] = name.into();
    v["党委名称"] = format!("中共{name}委员会").into();
    v
}

fn names(n: usize) -> Vec<String> {
    let chars: Vec<char> = "青白石河清安平和新兴东西南北山水林泉云龙".chars().collect();
    (0..n).map(|i| format!("{}{}{}镇", chars[i % 20], chars[(i / 20) % 20], chars[(i / 400) % 20])).collect()
}

fn write_folder(dir: &Path, townships: &[Value]) {
    std::fs::create_dir_all(dir).unwrap();
    for (i, t) in townships.iter().enumerate() {
        std::fs::write(dir.join(format!("{i:04}.json")), serde_json::to_string_pretty(t).unwrap()).unwrap();
    }
}

fn docx_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    v.sort();
    v
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".tmp")).collect()
}

#[test]
fn broken_inputs_and_a_name_conflict_are_reported_and_the_rest_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut towns: Vec<Value> = names(40).iter().map(|n| township(n)).collect();
    towns[5]["成文日期"] = "2026-02-30".into();
    towns[17]["基本情况"]["村党组织数"] = "十八".into();
    towns[30] = towns[29].clone(); // same name as 29
    towns[30]["基本情况"]["村党组织数"] = 3.into();
    let input = dir.path().join("answers");
    write_folder(&input, &towns);
    std::fs::write(input.join("0099.json"), "{\"乡镇名称\": ").unwrap();
    let out = dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("说明.txt"), "not ours").unwrap();
    let summary = dir.path().join("summary.json");

    let assert = Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&input).arg("-o").arg(&out).arg("--summary").arg(&summary).arg("--jobs").arg("2").assert().code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("共 41 份：成功 36 份，失败 3 份，同名冲突 2 份"), "{stdout}");

    assert_eq!(docx_files(&out).len(), 36);
    for f in docx_files(&out) {
        gongwen::inspect::read(&std::fs::read(&f).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
    assert_eq!(std::fs::read_to_string(out.join("说明.txt")).unwrap(), "not ours");
    assert!(leftovers(&out).is_empty());

    let s: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!((s["written"].as_u64(), s["failed"].as_u64(), s["conflicts"].as_u64()), (Some(36), Some(3), Some(2)));
    let bad: Vec<(String, String)> = s["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "written")
        .map(|r| (Path::new(r["input"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned(), r["status"].as_str().unwrap().to_string()))
        .collect();
    let want: Vec<(String, String)> = [("0005.json", "failed"), ("0017.json", "failed"), ("0029.json", "conflict"), ("0030.json", "conflict"), ("0099.json", "failed")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(bad, want);
    let conflict_name = format!("{}发展党员工作三年自查报告.docx", names(40)[29]);
    assert!(!out.join(conflict_name).exists(), "neither of a conflicting pair is kept");
}

#[test]
fn json_lines_and_arrays_name_their_lines_and_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let towns: Vec<Value> = names(3).iter().map(|n| township(n)).collect();
    let mut lines: Vec<String> = towns.iter().map(|t| serde_json::to_string(t).unwrap()).collect();
    lines.insert(1, "{\"乡镇名称\": 1}".into());
    let jsonl = dir.path().join("all.jsonl");
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let out = Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&jsonl).arg("-o").arg(dir.path().join("a")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("all.jsonl:第2行"));
    assert_eq!(docx_files(&dir.path().join("a")).len(), 3);

    let array = dir.path().join("all.json");
    std::fs::write(&array, serde_json::to_string_pretty(&towns).unwrap()).unwrap();
    Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&array).arg("-o").arg(dir.path().join("b")).assert().success();
    assert_eq!(docx_files(&dir.path().join("b")).len(), 3);
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_output_folder_is_not_followed_or_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers");
    write_folder(&input, &[township("青山镇")]);
    let out = dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    let elsewhere = dir.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "keep me").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("青山镇发展党员工作三年自查报告.docx")).unwrap();
    let o = Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&input).arg("-o").arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("符号链接"));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(out.join("青山镇发展党员工作三年自查报告.docx")).unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn a_fifo_with_a_report_name_in_the_output_folder_is_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers");
    write_folder(&input, &[township("青山镇")]);
    let out = dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    let fifo = out.join(report_name("青山镇"));
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let o = batch(&input, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是普通文件"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
}

#[cfg(unix)]
#[test]
fn killing_or_interrupting_a_batch_leaves_only_whole_files() {
    for signal in ["-KILL", "-INT"] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("answers");
        let towns: Vec<Value> = names(1500).iter().map(|n| township(n)).collect();
        write_folder(&input, &towns);
        let out = dir.path().join("reports");
        let bin = assert_cmd::cargo::cargo_bin("gongwen");
        let mut child = std::process::Command::new(bin).arg("batch").arg(&input).arg("-o").arg(&out).arg("--jobs").arg("2").stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
        // Wait until the batch is under way, then stop it.
        let start = std::time::Instant::now();
        while (!out.exists() || docx_files(&out).len() < 20) && start.elapsed().as_secs() < 60 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::process::Command::new("kill").arg(signal).arg(child.id().to_string()).status().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: the batch should have been stopped midway");
        let written = docx_files(&out);
        assert!(written.len() < 1500, "{signal}: stopped too late to test anything");
        for f in &written {
            gongwen::inspect::read(&std::fs::read(f).unwrap()).unwrap_or_else(|e| panic!("{signal}: {} is not whole: {e}", f.display()));
        }
        // Ctrl-C lets work under way finish; on Linux a killed batch leaves nothing either,
        // since reports are written to unnamed files (O_TMPFILE) until complete.
        if signal == "-INT" || cfg!(target_os = "linux") {
            assert!(leftovers(&out).is_empty(), "{signal} leaves no temporary file: {:?}", leftovers(&out));
        }
        // The stopped batch's lock on the folder went with it.
        let again = dir.path().join("again");
        write_folder(&again, &[township("青山镇")]);
        let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("gongwen")).arg("batch").arg(&again).arg("-o").arg(&out).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{signal}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn county_defaults_fill_every_township() {
    let dir = tempfile::tempdir().unwrap();
    let county = serde_json::json!({"主送机关": "县委组织部", "成文日期": "2026-11-20", "对策建议": fixture_value("baiyun-zhen.json")["对策建议"].clone()});
    let county_file = dir.path().join("县.json");
    std::fs::write(&county_file, serde_json::to_string(&county).unwrap()).unwrap();
    let mut towns: Vec<Value> = names(3).iter().map(|n| township(n)).collect();
    for t in &mut towns {
        for key in ["主送机关", "成文日期", "对策建议"] {
            t.as_object_mut().unwrap().remove(key);
        }
    }
    towns[1]["主送机关"] = "市委组织部".into(); // the township's own answer wins
    let input = dir.path().join("answers");
    write_folder(&input, &towns);
    let out = dir.path().join("reports");
    Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&input).arg("-o").arg(&out).arg("--defaults").arg(&county_file).assert().success();
    let files = docx_files(&out);
    assert_eq!(files.len(), 3);
    let recipients: Vec<String> = files
        .iter()
        .map(|f| {
            let docx = gongwen::inspect::read(&std::fs::read(f).unwrap()).unwrap();
            assert!(docx.paragraphs.iter().any(|p| p.text == "2026年11月20日"));
            docx.paragraphs.iter().find(|p| p.text.ends_with("组织部：")).unwrap().text.clone()
        })
        .collect();
    assert_eq!(recipients.iter().filter(|r| *r == "县委组织部：").count(), 2);
    assert_eq!(recipients.iter().filter(|r| *r == "市委组织部：").count(), 1);
}

fn batch(input: &Path, out: &Path) -> std::process::Output {
    Command::cargo_bin("gongwen").unwrap().arg("batch").arg(input).arg("-o").arg(out).output().unwrap()
}

fn report_name(town: &str) -> String {
    format!("{town}发展党员工作三年自查报告.docx")
}

#[test]
fn a_conflict_leaves_the_reports_of_an_earlier_run_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, out) = (dir.path().join("one"), dir.path().join("two"), dir.path().join("out"));
    write_folder(&one, &[township("青山镇"), township("白石镇")]);
    assert_eq!(batch(&one, &out).status.code(), Some(0));
    let before: Vec<Vec<u8>> = ["青山镇", "白石镇"].iter().map(|t| std::fs::read(out.join(report_name(t))).unwrap()).collect();

    // Two inputs of this run named 青山镇 (one of them different), one new 河清镇 conflicting
    // with itself, and 白石镇 once: only 白石镇's report is replaced.
    let mut changed = township("青山镇");
    changed["基本情况"]["村党组织数"] = 3.into();
    let mut white = township("白石镇");
    white["基本情况"]["村党组织数"] = 4.into();
    write_folder(&two, &[township("青山镇"), township("河清镇"), white, changed, township("河清镇")]);
    let o = batch(&two, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("成功 1 份，失败 0 份，同名冲突 4 份"), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(std::fs::read(out.join(report_name("青山镇"))).unwrap() == before[0], "the earlier 青山镇 report is untouched");
    assert!(std::fs::read(out.join(report_name("白石镇"))).unwrap() != before[1], "a report without conflict is replaced");
    assert!(!out.join(report_name("河清镇")).exists(), "this run's own conflicting reports are removed");
    let mut left: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, vec![".gongwen.lock".to_string(), report_name("白石镇"), report_name("青山镇")]);
}

#[test]
fn names_equal_in_any_case_are_one_conflict_and_neither_file_stays() {
    for (a, b) in [("ABC镇", "abc镇"), ("\u{212A}镇", "K镇"), ("ΑΣ镇", "ασ镇"), ("Ας镇", "ΑΣ镇")] {
        let dir = tempfile::tempdir().unwrap();
        let (input, out) = (dir.path().join("in"), dir.path().join("out"));
        write_folder(&input, &[township(a), township(b)]);
        let o = batch(&input, &out);
        assert_eq!(o.status.code(), Some(1), "{a}/{b}");
        assert!(String::from_utf8_lossy(&o.stdout).contains("同名冲突 2 份"), "{a}/{b}: {}", String::from_utf8_lossy(&o.stdout));
        assert!(String::from_utf8_lossy(&o.stderr).contains("两份都未保存"));
        assert_eq!(docx_files(&out), Vec::<PathBuf>::new(), "{a}/{b}: reported as not saved, so none on disk");
    }
}

#[test]
fn names_that_only_look_alike_conflict_and_lock_file_names_are_avoided() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    let mut towns = vec![township("ABC\u{200B}镇"), township("ABC\u{FEFF}镇"), township("ABC镇")];
    for title in ["~$青山镇报告", "COM¹", "lpt³.txt", "CONIN$", "conout$", "报告\u{202E}xcod.exe"] {
        let mut t = township("石河镇");
        t["报告标题"] = title.into();
        towns.push(t);
    }
    write_folder(&input, &towns);
    let o = batch(&input, &out);
    assert!(String::from_utf8_lossy(&o.stdout).contains("成功 6 份，失败 0 份，同名冲突 3 份"), "{}", String::from_utf8_lossy(&o.stdout));
    let mut names: Vec<String> = docx_files(&out).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut want = vec!["_~$青山镇报告.docx", "_COM¹.docx", "_lpt³.txt.docx", "_CONIN$.docx", "_conout$.docx", "报告xcod.exe.docx"];
    want.sort();
    assert_eq!(names, want);
    // `check FOLDER/` skips Word's `~$` lock files, not this report.
    let o = Command::cargo_bin("gongwen").unwrap().arg("check").arg(&out).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("共检查 6 个文件"), "{}", String::from_utf8_lossy(&o.stdout));
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_batch_into_a_locked_folder_is_refused() {
    use std::os::fd::AsFd;
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    write_folder(&input, &[township("青山镇")]);
    std::fs::create_dir(&out).unwrap();
    // This test holds the lock, as a running batch does.
    let held = std::fs::File::create(out.join(".gongwen.lock")).unwrap();
    rustix::fs::flock(held.as_fd(), rustix::fs::FlockOperation::LockExclusive).unwrap();
    let o = batch(&input, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("另一个 gongwen batch 正在向这个文件夹写入报告"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(docx_files(&out).is_empty(), "nothing written while another batch holds the folder");
    drop(held);
    assert_eq!(batch(&input, &out).status.code(), Some(0), "free once the holder is gone");
    // `check FOLDER/` does not count the lock file.
    let o = Command::cargo_bin("gongwen").unwrap().arg("check").arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn jobs_are_capped_and_a_refused_thread_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_folder(&input, &[township("青山镇"), township("白石镇"), township("石河镇")]);
    // Before the cap this started threads without end; the timeout only guards against that.
    Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&input).arg("-o").arg(dir.path().join("a")).arg("--jobs").arg("18446744073709551615").timeout(std::time::Duration::from_secs(300)).assert().success();
    assert_eq!(docx_files(&dir.path().join("a")).len(), 3);

    // Every thread's stack asked at 1 PiB: no thread can start.
    let o = Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&input).arg("-o").arg(dir.path().join("b")).arg("--jobs").arg("2").env("RUST_MIN_STACK", (1u64 << 50).to_string()).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("无法创建工作线程") && !stderr.contains("panicked"), "{stderr}");

    let o = Command::cargo_bin("gongwen").unwrap().arg("batch").arg(&input).arg("-o").arg(dir.path().join("c")).arg("--jobs").arg("0").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}
