#!/usr/bin/env python3
"""How `gongwen template import` grows with its input: 1×, 2×, 4×, 8× of each dimension.

Usage: python3 benches/import_scaling.py [--bin PATH]

Dimensions: sections of a 范文 (a level-1 heading, a paragraph with three placeholders of
new names, four items of which one holds a placeholder: more fields, lists and skeleton
lines), and placeholders in one paragraph (「XX人，」 repeated: one field, many uses, one
long sentence-less line). For each size it writes the input, runs the import into a fresh
folder (the best CPU time, user + system, of three runs, from os.wait4) and prints the
time and the least-squares slope of log2(time) over log2(size) at 2×–8× (1 is linear).
"""
import argparse
import math
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CN = "一二三四五六七八九"


def cn(n):
    """1..99 as a Chinese numeral."""
    if n < 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + ("" if ones == 0 else CN[ones - 1])


def sections(n):
    lines = ["XX镇工作总结"]
    for i in range(1, n + 1):
        # Headings numbered 一、… up to 99 and again, which the structure reader accepts.
        lines.append(f"{cn((i - 1) % 99 + 1)}、第{i}项工作")
        lines.append(f"全年配备第{i}类人员XX人，召开第{i}类会议XX次，发放第{i}类资料XX份。")
        lines.append(f"一是抓好第{i}项学习，做到全覆盖。二是抓好第{i}项制度，做到有章可循。")
        lines.append(f"三是抓好第{i}项督导，组织第{i}类检查XX次。四是抓好第{i}项总结，形成长效机制。")
    lines.append("中共XX镇委员会")
    lines.append("20XX年X月X日")
    return "\n".join(lines) + "\n"


def blanks(n):
    return "XX镇工作总结\n" + "培训党员XX人，" * n + "全部完成。\n20XX年X月X日\n"


def long_fanwen(n):
    """n sections: over the kind's file limit, so the import reads, structures and names
    fields, then refuses to write (exit 2): that path is what is measured at megabytes."""
    return sections(n)


def cpu(bin_, path, out):
    best = None
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        p = subprocess.Popen([bin_, "template", "import", path, "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) not in (0, 1, 2):
            raise SystemExit(f"import failed on {path}: {status}")
        t = ru.ru_utime + ru.ru_stime
        best = t if best is None else min(best, t)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/gongwen"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    try:
        dims = [
            ("sections (kind written)", sections, 5),
            ("placeholders in one paragraph (kind written)", blanks, 500),
            ("sections of a long 范文 (read, then refused as too long)", long_fanwen, 1500),
            ("placeholders in one long line (refused)", blanks, 100000),
        ]
        for name, make, base in dims:
            rows = []
            for k in (1, 2, 4, 8):
                path = os.path.join(tmp, f"{len(name)}-{k}.txt")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(make(base * k))
                rows.append((base * k, os.path.getsize(path), cpu(args.bin, path, os.path.join(tmp, "out"))))
            xs = [math.log2(r[0]) for r in rows[1:]]
            ys = [math.log2(max(r[2], 1e-3)) for r in rows[1:]]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            print(f"{name}:")
            for n, size, t in rows:
                print(f"  {n:>7} ({size / 1024:8.1f} KB)  {t * 1000:8.1f} ms CPU")
            print(f"  growth exponent {slope:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
