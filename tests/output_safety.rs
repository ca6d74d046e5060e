//! `render -o`, `batch --summary` and `init --force -o` replace only a regular file (or
//! create one): a device or FIFO is written through, a symbolic link, a folder or a disk is
//! refused and left as it was. Every node is made inside a temporary folder.
#![cfg(unix)]

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A character device like /dev/null (1, 3), or `None` where this user may not make one.
fn mknod(path: &Path, kind: &str, major: u32, minor: u32) -> Option<()> {
    let ok = std::process::Command::new("mknod").arg(path).arg(kind).arg(major.to_string()).arg(minor.to_string()).stderr(std::process::Stdio::null()).status().ok()?.success();
    ok.then_some(())
}

fn is_char_device(path: &Path) -> bool {
    std::fs::symlink_metadata(path).unwrap().file_type().is_char_device()
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).unwrap().file_type().is_symlink()
}

/// The report `render` writes to a regular file, to compare with what a stream received.
fn report_bytes(dir: &Path) -> Vec<u8> {
    let file = dir.join("reference.docx");
    gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&file).assert().success();
    std::fs::read(file).unwrap()
}

/// A one-township batch folder.
fn batch_input(dir: &Path) -> PathBuf {
    let input = dir.join("answers");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixture("baiyun-zhen.json"), input.join("a.json")).unwrap();
    input
}

#[test]
fn a_device_is_written_through_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    if mknod(&null, "c", 1, 3).is_none() {
        eprintln!("skipped: mknod is not permitted here");
        return;
    }
    gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&null).assert().success();
    assert!(is_char_device(&null), "render -o replaced the device");

    let input = batch_input(dir.path());
    gongwen().arg("batch").arg(&input).arg("-o").arg(dir.path().join("out")).arg("--summary").arg(&null).assert().success();
    assert!(is_char_device(&null), "batch --summary replaced the device");

    let o = gongwen().arg("init").arg("--force").arg("-o").arg(&null).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(is_char_device(&null), "init --force -o replaced the device");
    assert!(!dir.path().join("fazhan-dangyuan.schema.json").exists(), "no schema file beside a device");

    // A disk is never written to.
    let disk = dir.path().join("disk");
    if mknod(&disk, "b", 7, 200).is_some() {
        let o = gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&disk).output().unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stderr).contains("块设备"), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::symlink_metadata(&disk).unwrap().file_type().is_block_device());
    }
}

#[cfg(target_os = "linux")]
#[test]
fn stdout_as_the_output_receives_the_report_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let want = report_bytes(dir.path());
    // What /dev/stdout is, made here (a failing build must not replace the system's):
    // assert_cmd reads stdout through a pipe, and this link leads to that pipe.
    let stdout = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout).unwrap();
    let o = gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&stdout).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout == want, "stdout holds exactly the report ({} bytes, want {})", o.stdout.len(), want.len());
    assert!(String::from_utf8_lossy(&o.stderr).contains("已生成"), "the confirmation goes to stderr");
    assert!(is_symlink(&stdout));
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_is_written_through_or_refused_when_no_one_reads_it() {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    let want = report_bytes(dir.path());
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);

    // No reader: refused at once, not blocked forever, and still a FIFO.
    let o = gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&fifo).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有程序在读取"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    // A reader (this test, holding both ends so that no open blocks; a report fits in the
    // pipe's buffer): it receives the report.
    let mut reader = std::fs::OpenOptions::new().read(true).write(true).custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32).open(&fifo).unwrap();
    gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&fifo).assert().success();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(got == want, "the FIFO received the report ({} bytes, want {})", got.len(), want.len());
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
}

#[test]
fn a_symlink_is_neither_followed_nor_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "keep me").unwrap();
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.docx");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let dangling = dir.path().join("dangling.docx");
    let nowhere = dir.path().join("nowhere.txt");
    std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
    let input = batch_input(dir.path());

    for target in [&link, &dangling] {
        let runs = [
            gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(target).output().unwrap(),
            gongwen().arg("batch").arg(&input).arg("-o").arg(dir.path().join("out")).arg("--summary").arg(target).output().unwrap(),
            gongwen().arg("init").arg("--force").arg("-o").arg(target).output().unwrap(),
        ];
        for o in runs {
            assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
            assert!(String::from_utf8_lossy(&o.stderr).contains("符号链接"), "{}", String::from_utf8_lossy(&o.stderr));
            assert!(is_symlink(target), "{} was replaced", target.display());
        }
    }
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
    assert_eq!(std::fs::metadata(&elsewhere).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(!nowhere.exists(), "nothing created where the dangling link points");
}

#[test]
fn a_regular_file_is_still_replaced_whole_keeping_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let want = report_bytes(dir.path());
    let target = dir.path().join("old.docx");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    gongwen().arg("render").arg(fixture("baiyun-zhen.json")).arg("-o").arg(&target).assert().success();
    assert!(std::fs::read(&target).unwrap() == want);
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
}
