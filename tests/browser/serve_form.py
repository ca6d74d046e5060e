"""Browser test of `gongwen serve` (run by .ci/run, not by cargo test): Chromium through
WebDriver opens the page, fills the fazhan-dangyuan form field by field from an example
answers file (typing text and numbers, adding list items with the form's own buttons),
sees a Chinese error appear at the field the validator names, fixes it, downloads the
report with 「生成报告」 and runs `gongwen check` on it. Screenshots of the form and of the
error go to the output folder.

Usage: python serve_form.py GONGWEN_BINARY ANSWERS.json OUTPUT_FOLDER [KIND_FOLDER KIND_ANSWERS.json]

With a kind folder (tests/data/serve-leixing), the same for the newer field types.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

gongwen, answers_file, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out_dir, exist_ok=True)
downloads = tempfile.mkdtemp(prefix="gongwen-dl-")
answers = json.load(open(answers_file, encoding="utf-8"))

server = subprocess.Popen([gongwen, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
url = None
for line in server.stdout:
    if "已启动：" in line:
        url = line.split("已启动：", 1)[1].strip()
        break
assert url, "gongwen serve printed no address"

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--window-size=1400,1800", "--lang=zh-CN", "--user-data-dir=" + tempfile.mkdtemp(prefix="gongwen-chrome-")]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
failures = []


def field(path):
    return driver.find_element(By.CSS_SELECTOR, '[data-path="%s"]' % path.replace('"', '\\"'))


def control(path):
    return driver.find_element(By.NAME, path)


def fill(definition, path, value):
    kind = definition["type"]
    if kind == "object":
        for sub in definition.get("fields", []):
            if sub["key"] in value:
                fill(sub, path + "." + sub["key"], value[sub["key"]])
    elif kind == "list":
        add = field(path).find_element(By.CSS_SELECTOR, ":scope > button.add")
        for i, item in enumerate(value):
            add.click()
            fill(definition["items"], "%s[%d]" % (path, i), item)
    elif kind == "date":
        # The date picker's typed format follows the browser's locale: set it as the picker does.
        driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", control(path), value)
    elif kind in ("boolean", "choice"):
        driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));", control(path), str(value).lower() if kind == "boolean" else value)
    else:
        box = control(path)
        box.clear()
        box.send_keys(str(value))


def messages(path):
    return field(path).find_element(By.CSS_SELECTOR, ":scope > .msg").text


try:
    driver.get(url)
    wait.until(lambda d: d.find_elements(By.NAME, "乡镇名称"))
    assert driver.find_element(By.ID, "kind").get_attribute("value") == "fazhan-dangyuan"
    questionnaire = driver.execute_async_script(
        "const done = arguments[0]; fetch('/api/kinds/fazhan-dangyuan/questionnaire').then(r => r.json()).then(done);")
    # Required marks and examples as placeholders.
    label = field("乡镇名称").find_element(By.TAG_NAME, "label").text
    assert "＊" in label, label
    assert control("乡镇名称").get_attribute("placeholder") == "例如：柳河镇"
    assert control("基本情况.概述").tag_name == "textarea", "paragraph text is multi-line"
    assert control("成文日期").get_attribute("type") == "date"

    for f in questionnaire["fields"]:
        if f["key"] in answers:
            fill(f, f["key"], answers[f["key"]])
    wait.until(lambda d: "没有发现问题" in d.find_element(By.ID, "summary").text or "没有错误" in d.find_element(By.ID, "summary").text)
    wait.until(lambda d: answers["乡镇名称"] in d.find_element(By.ID, "outline").text)
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(os.path.join(out_dir, "form.png"))

    # A number below the field's minimum, two levels down in a list: the error appears there.
    bad = "基本情况.分年度发展党员数[1].人数"
    box = control(bad)
    box.clear()
    box.send_keys("-3")
    wait.until(lambda d: "错误" in messages(bad))
    shown = messages(bad)
    assert any("\u4e00" <= c <= "\u9fff" for c in shown), shown
    assert "has-error" in field(bad).get_attribute("class")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field(bad))
    driver.save_screenshot(os.path.join(out_dir, "error.png"))
    print("error shown at %s: %s" % (bad, shown))

    box.clear()
    box.send_keys(str(answers["基本情况"]["分年度发展党员数"][1]["人数"]))
    wait.until(lambda d: messages(bad) == "")
    wait.until(lambda d: answers["乡镇名称"] in d.find_element(By.ID, "outline").text)

    driver.find_element(By.ID, "render").click()
    wait.until(lambda d: [n for n in os.listdir(downloads) if n.endswith(".docx")])
    name = [n for n in os.listdir(downloads) if n.endswith(".docx")][0]
    report = os.path.join(downloads, name)
    time.sleep(0.5)  # let Chromium finish renaming its partial download
    print("downloaded: " + name)
    checked = subprocess.run([gongwen, "check", report], capture_output=True, text=True)
    print(checked.stdout.strip())
    if checked.returncode != 0:
        failures.append("gongwen check failed on the downloaded report")
    expected = subprocess.run([gongwen, "render", answers_file, "-o", os.path.join(out_dir, "cli.docx")], capture_output=True)
    if open(report, "rb").read() != open(os.path.join(out_dir, "cli.docx"), "rb").read():
        failures.append("the downloaded report differs from gongwen render of the same answers")
    if "发展党员" not in name:
        failures.append("unexpected report name " + name)

    # 保存答案, then a fresh page 载入答案 of that file: the same report again.
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: [n for n in os.listdir(downloads) if n.endswith(".json")])
    time.sleep(0.5)
    saved_name = [n for n in os.listdir(downloads) if n.endswith(".json")][0]
    saved = json.load(open(os.path.join(downloads, saved_name), encoding="utf-8"))
    print("saved answers: " + saved_name)
    if saved.pop("$template", None) != "fazhan-dangyuan" or saved != answers:
        failures.append("the saved answers differ from the answers typed")
    os.remove(report)
    driver.get(url)
    wait.until(lambda d: d.find_elements(By.NAME, "乡镇名称"))
    driver.find_element(By.ID, "load").send_keys(os.path.join(downloads, saved_name))
    wait.until(lambda d: control("基本情况.分年度发展党员数[2].人数").get_attribute("value") == str(answers["基本情况"]["分年度发展党员数"][2]["人数"]))
    wait.until(lambda d: answers["乡镇名称"] in d.find_element(By.ID, "outline").text)
    driver.find_element(By.ID, "render").click()
    wait.until(lambda d: [n for n in os.listdir(downloads) if n.endswith(".docx")])
    time.sleep(0.5)
    again = os.path.join(downloads, [n for n in os.listdir(downloads) if n.endswith(".docx")][0])
    if open(again, "rb").read() != open(os.path.join(out_dir, "cli.docx"), "rb").read():
        failures.append("the report of the loaded answers differs from gongwen render's")
    print("loaded the saved answers back; the report is the same")

    # 批量生成 of two answers files: a zip back, its summary shown on the page.
    first = os.path.abspath(answers_file)
    driver.find_element(By.ID, "batch-files").send_keys(first + "\n" + os.path.join(os.path.dirname(first), "hexi-jiedao.json"))
    driver.find_element(By.ID, "batch-run").click()
    wait.until(lambda d: "共 2 份" in d.find_element(By.ID, "batch-result").text)
    wait.until(lambda d: [n for n in os.listdir(downloads) if n.endswith(".zip")])
    print("batch: " + driver.find_element(By.ID, "batch-result").text.strip().splitlines()[-1])
    if "成功 2 份" not in driver.find_element(By.ID, "batch-result").text:
        failures.append("the batch of two answers files did not make two reports")

    # A kind folder with the newer field types: boolean and choice as drop-downs, decimal and
    # percentage as number boxes; a percentage over 100 is an error at its field.
    if len(sys.argv) > 5:
        kind_dir, kind_answers_file = sys.argv[4], sys.argv[5]
        kind_answers = json.load(open(kind_answers_file, encoding="utf-8"))
        second = subprocess.Popen([gongwen, "serve", "--port", "0", "--template", kind_dir], stdout=subprocess.PIPE, text=True)
        try:
            second_url = next(l for l in second.stdout if "已启动：" in l).split("已启动：", 1)[1].strip()
            driver.get(second_url)
            wait.until(lambda d: d.find_elements(By.NAME, "进度"))
            kind_id = driver.find_element(By.ID, "kind").get_attribute("value")
            q2 = driver.execute_async_script(
                "const done = arguments[1]; fetch('/api/kinds/' + arguments[0] + '/questionnaire').then(r => r.json()).then(done);", kind_id)
            assert control("进度").tag_name == "select" and "推进中" in control("进度").text
            assert control("是否达标").tag_name == "select"
            assert control("资金").get_attribute("step") == "0.01"
            assert "%" in field("完成率").text
            for f in q2["fields"]:
                if f["key"] in kind_answers:
                    fill(f, f["key"], kind_answers[f["key"]])
            wait.until(lambda d: "全年投入资金12.50万元" in d.find_element(By.ID, "outline").text)
            box = control("完成率")
            box.clear()
            box.send_keys("120")
            wait.until(lambda d: "错误" in messages("完成率"))
            print("error shown at 完成率: " + messages("完成率"))
            driver.execute_script("window.scrollTo(0, 0);")
            driver.save_screenshot(os.path.join(out_dir, "types.png"))
            box.clear()
            box.send_keys(str(kind_answers["完成率"]))
            wait.until(lambda d: messages("完成率") == "" and "95.5%" in d.find_element(By.ID, "outline").text)
            driver.find_element(By.ID, "render").click()
            wait.until(lambda d: [n for n in os.listdir(downloads) if n.endswith(".docx") and "类型" in n])
            time.sleep(0.5)
            typed = os.path.join(downloads, [n for n in os.listdir(downloads) if n.endswith(".docx") and "类型" in n][0])
            checked = subprocess.run([gongwen, "check", "--template", kind_dir, typed], capture_output=True, text=True)
            print(checked.stdout.strip())
            if checked.returncode != 0:
                failures.append("gongwen check failed on the report of the newer field types")
            subprocess.run([gongwen, "render", "--template", kind_dir, kind_answers_file, "-o", os.path.join(out_dir, "types.docx")], capture_output=True)
            if open(typed, "rb").read() != open(os.path.join(out_dir, "types.docx"), "rb").read():
                failures.append("the report of the newer field types differs from gongwen render's")
        finally:
            second.kill()
            second.wait()
finally:
    driver.quit()
    server.kill()
    server.wait()
    shutil.rmtree(downloads, ignore_errors=True)

if failures:
    print("\n".join(failures))
    print("0 passed, 1 failed")
    sys.exit(1)
print("1 passed, 0 failed")
