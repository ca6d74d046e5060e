#!/usr/bin/env python3
"""Generates N varied townships from the fixtures and times `gongwen batch` on them.

Usage: python3 benches/batch.py [N ...] [--jobs 2] [--broken K] [--conflicts P] [--keep DIR]
                                [--workdir DIR]
Prints, for each N: reports/s, peak RSS and CPU time per report (user + system, from
/usr/bin/time, or the kernel's rusage).
--workdir puts the generated inputs and the reports in DIR (e.g. /dev/shm, to take the
disk's file-creation cost out of the measurement); the default is the system's temp folder.

Each township is a fixture (cycled) with its own name (three characters + 镇/乡, unique up
to 128,000), its own numbers and a shuffled list order, so no two reports are the same.
--broken K makes K inputs invalid (truncated JSON, a wrong type, an impossible date);
--conflicts P gives P pairs of inputs the same name, so both must be reported.
"""
import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHARS = "青白石河清安平和新兴东西南北山水林泉云龙凤马桥岭湖溪塘坪坝营集庄屯堡沟口洲田丰乐康宁"


def load_fixtures():
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "fixtures"))):
        if not name.endswith(".json"):
            continue
        raw = open(os.path.join(ROOT, "fixtures", name), "rb").read()
        text = raw.decode("gbk") if ".gbk." in name else raw.decode("utf-8")
        out.append(json.loads(text))
    return out


def town_name(i):
    n = len(CHARS)
    a, b, c = i % n, (i // n) % n, (i // n // n) % n
    suffix = "镇" if (i // n // n // n) % 2 == 0 else "乡"
    return CHARS[c] + CHARS[b] + CHARS[a] + suffix


def township(base, i, rng):
    d = json.loads(json.dumps(base))
    name = town_name(i)
    d["乡镇名称"] = name
    d["党委名称"] = f"中共{name}委员会"
    d.pop("报告标题", None)
    b = d["基本情况"]
    b["村党组织数"] = rng.randint(8, 30)
    if "三年以上未发展党员村数" in b:
        b["三年以上未发展党员村数"] = rng.randint(0, 3)
    for y in b["分年度发展党员数"]:
        y["人数"] = rng.randint(3, 30)
    rng.shuffle(d["主要做法"])
    return d


def break_answers(text, k):
    """Three kinds of broken input, in turn: truncated JSON, a wrong type, an impossible date."""
    if k % 3 == 0:
        return text[: len(text) // 2]
    d = json.loads(text)
    if k % 3 == 1:
        d["基本情况"]["村党组织数"] = "十八"
    else:
        d["成文日期"] = "2026-02-30"
    return json.dumps(d, ensure_ascii=False, indent=1)


def generate(n, folder, broken, conflicts, seed=7):
    rng = random.Random(seed)
    bases = load_fixtures()
    for i in range(n):
        if i < conflicts * 2 and i % 2 == 1:
            # Same base and name as the previous input, other numbers: the same report name.
            d = township(bases[(i - 1) % len(bases)], i - 1, rng)
        else:
            d = township(bases[i % len(bases)], i, rng)
        path = os.path.join(folder, f"{i:06d}.json")
        text = json.dumps(d, ensure_ascii=False, indent=1)
        k = n - 1 - i
        if k < broken:
            text = break_answers(text, k)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def run(binary, folder, out, jobs):
    cmd = [binary, "batch", folder, "-o", out, "--jobs", str(jobs), "--summary", os.path.join(out, "..", "summary.json")]
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    start = time.perf_counter()
    if timer:
        p = subprocess.run([timer, "-f", "%M %U %S"] + cmd, capture_output=True, text=True)
        rss, user, system = p.stderr.strip().splitlines()[-1].split()
        rss_kb, cpu = int(rss), float(user) + float(system)
    else:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run(cmd, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss_kb = after.ru_maxrss
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    seconds = time.perf_counter() - start
    return p.returncode, seconds, rss_kb, cpu, p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr[-300:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--broken", type=int, default=0)
    ap.add_argument("--conflicts", type=int, default=0)
    ap.add_argument("--keep", help="keep the generated inputs and reports under this folder")
    ap.add_argument("--workdir", help="make the temporary folder in DIR (e.g. /dev/shm)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "gongwen"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    for n in args.n:
        work = args.keep or tempfile.mkdtemp(prefix="gongwen-bench-", dir=args.workdir)
        inputs, out = os.path.join(work, "answers"), os.path.join(work, "reports")
        os.makedirs(inputs, exist_ok=True)
        generate(n, inputs, args.broken, args.conflicts)
        code, seconds, rss_kb, cpu, last = run(args.binary, inputs, out, args.jobs)
        written = len([f for f in os.listdir(out) if f.endswith(".docx")])
        print(f"N={n:>6}  jobs={args.jobs}  {seconds:6.2f} s  {n / seconds:8.0f} reports/s  peak RSS {rss_kb / 1024:6.1f} MB  "
              f"CPU {cpu * 1000 / n:5.2f} ms/report  written {written}  exit {code}")
        print(f"          {last}")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
