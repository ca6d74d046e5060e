#!/usr/bin/env python3
"""How time and memory grow with each input dimension: every stage must be linear.

Usage: python3 benches/scaling.py [--bin PATH] [--timeout S] [--repeat R] [--only NAME ...]

For each dimension (title length, paragraph length, placeholders in one field, list items,
.docx paragraphs for check and dump, nesting depth of .docx paragraphs and of JSON, footer
references, diagnostics) it builds inputs at 1×, 2×, 4× and 8× a base size, the 8× point at
or near the limit of src/limits.rs, runs target/release/gongwen on each (the best of
--repeat runs, default 3) and prints wall time, peak RSS and the growth exponent.

The exponent is the least-squares slope of log2(cost) over log2(size) at 2×, 4× and 8× (1×
is printed but left out of the fit, being closest to the fixed cost): 1 is linear, 2
quadratic. Starting a process and reading the rest of the input has a fixed cost that
would flatten the slope, so each dimension also runs a baseline, the same input with the
dimension at zero (an empty title, no paragraphs, ...), and the time exponent is fitted on
CPU time (user + system: unlike wall time, not stretched by other programs on a shared
machine) minus the baseline's (at least 1 ms, below which timing is noise). Peak memory is
measured by the kernel as the largest resident set of the process, and a spawned process
starts with the resident set of the process that spawns it (this script's Python, about
15 MB), so a peak below that floor reads as the floor: such points are marked 「≤」 and left
out of the memory fit, which uses the points above it (2×–8×), minus gongwen's own fixed
memory (read from /proc while it waits for input on a pipe, about 4.5 MB). Wall time is printed too. Peak RSS comes from the kernel (os.wait4's rusage), so
no /usr/bin/time is needed; the kernel counts the parent's resident pages at the moment of
the spawn into the child's peak, so the inputs are built by a child process beforehand and
the measuring process stays small. Only the standard library is used.
"""
import argparse
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CJK = "镇党委坚持把发展党员作为基层组织建设的基础性工作统筹谋划稳步推进质量逐年提升"


def cjk(n):
    """n characters of ordinary Chinese text with a full stop every 40."""
    out = []
    for i in range(n):
        out.append("。" if i % 40 == 39 else CJK[i % len(CJK)])
    return "".join(out)


def answers():
    with open(os.path.join(ROOT, "fixtures", "baiyun-zhen.json"), encoding="utf-8") as f:
        return json.load(f)


def answers_file(tmp, name, edit):
    a = answers()
    edit(a)
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(a, f, ensure_ascii=False)
    return path


def set_title(n):
    return lambda a: a.__setitem__("报告标题", cjk(n) if n else "白云镇发展党员工作三年自查报告")


def set_paragraph(n):
    return lambda a: a["基本情况"].__setitem__("概述", cjk(n) if n else "概述。")


def set_placeholders(n):
    # 「XX，」 repeated: every clause holds a placeholder and is removed.
    return lambda a: a["基本情况"].__setitem__("概述", "XX，" * n + "结束。")


def set_items(n):
    item = {"标题": "健全责任体系，推动工作落地见效", "内容": cjk(20000)}
    return lambda a: a.__setitem__("主要做法", [dict(item) for _ in range(n)] or [{"标题": "做法", "内容": "内容。"}])


def xuncha_file(tmp, name, n):
    """The 40-problem 巡察整改 example with `n` problems (at least one: the list is required),
    each cell 2,000 characters: the table's rows through the page plan and the writer."""
    with open(os.path.join(ROOT, "templates", "xuncha-zhenggai", "examples", "hexi-jiedao.json"), encoding="utf-8") as f:
        a = json.load(f)
    row = {"问题": cjk(2000), "整改措施": cjk(2000), "责任单位": "财政所", "时限": "2026-12-31", "状态": "已完成"}
    a["问题"] = [dict(row) for _ in range(max(n, 1))]
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(a, f, ensure_ascii=False)
    return path


def table_rows(n):
    """A table of n rows of six cells (each cell its own varied text)."""
    rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{varied(i * 6 + c, 12)}</w:t></w:r></w:p></w:tc>" for c in range(6)) + "</w:tr>"
                   for i in range(n))
    return f"<w:p><w:r><w:t>表题</w:t></w:r></w:p><w:tbl>{rows}</w:tbl>"


def json_depth(tmp, name, depth):
    """A valid answers file plus one unknown key holding 20,000 arrays nested `depth` deep."""
    a = answers()
    text = json.dumps(a, ensure_ascii=False)
    nested = "[" * depth + "]" * depth if depth else "0"
    extra = '"附加材料": [' + ",".join([nested] * 20000) + "]"
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:-1] + "," + extra + "}")
    return path


def unknown_keys(tmp, name, n):
    a = answers()
    text = json.dumps(a, ensure_ascii=False)
    extra = "".join(f',"未知字段{i}":0' for i in range(n))
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:-1] + extra + "}")
    return path


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def docx(tmp, name, body, footers=0, footer_text=""):
    """A minimal .docx: the body's XML, and `footers` references to one footer part."""
    refs = "".join(f'<w:footerReference w:type="default" r:id="rIdF"/>' for _ in range(footers))
    sect = f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}{sect}</w:body></w:document>'
    footer = f'<w:ftr {W}><w:p><w:r><w:t>{footer_text}</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p></w:ftr>'
    rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    doc_rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
        '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>'
    types = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' \
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/footer1.xml", footer)
    path = os.path.join(tmp, name + ".docx")
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return path


def varied(i, n):
    """n characters that differ from paragraph to paragraph (a zip of identical paragraphs
    compresses past the ratio limit of check)."""
    x = i * 2654435761 % 4294967296
    out = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(CJK[x % len(CJK)])
    return "".join(out)


def paragraphs(n):
    p = '<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t>一是{}。XX镇党委每年召开专题会议。</w:t></w:r></w:p>'
    return "".join(p.format(varied(i, 12)) for i in range(n))


def towers(depth, count=150):
    """`count` towers of paragraphs nested `depth` deep, each level with its own text."""
    if depth == 0:
        return paragraphs(count)
    level = '<w:p><w:r><w:t>第{}层，残留XX。{}</w:t></w:r>'
    return "".join("".join(level.format(i, varied(c * 1000 + i, 12)) for i in range(depth)) + "</w:p>" * depth for c in range(count))


def chinese(n):
    """1 → 一, 12 → 十二, 105 → 一百零五, as src/numerals.rs writes them (n < 100,000)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n >= 10000:
        high, low = divmod(n, 10000)
        return chinese(high) + "万" + (("零" if low < 1000 else "") + full(low) if low else "")
    return full(n)


def full(n):
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if zero else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + digits[n]
    return out


def run_on_items(n):
    """One paragraph of n items run on (一是……。三是……。), 二是 left out (a gap)."""
    items = "".join(f"{chinese(k)}是{varied(k, 8)}。" for k in range(1, n + 2) if k != 2)
    return f'<w:p><w:r><w:t>{items}</w:t></w:r></w:p>'


def half_width(n):
    """One paragraph with n half-width commas between Chinese characters."""
    return '<w:p><w:r><w:t>' + ",".join(varied(k, 3) for k in range(n)) + '</w:t></w:r></w:p>'


# name, command, base size, builder(tmp, name, size) -> path
DIMENSIONS = [
    ("标题长度（字）", "render", 2500, lambda t, n, k: answers_file(t, n, set_title(k))),
    ("段落长度（字）", "render", 2500, lambda t, n, k: answers_file(t, n, set_paragraph(k))),
    ("一个字段中的占位符（个）", "render", 625, lambda t, n, k: answers_file(t, n, set_placeholders(k))),
    ("列表项（个，每项 20,000 字）", "render", 25, lambda t, n, k: answers_file(t, n, set_items(k))),
    (".docx 段落（段）check", "check", 6250, lambda t, n, k: docx(t, n, paragraphs(k))),
    (".docx 段落（段）dump", "dump", 6250, lambda t, n, k: docx(t, n, paragraphs(k))),
    (".docx 段落（段）format", "format", 6250, lambda t, n, k: docx(t, n, paragraphs(k))),
    (".docx 段落嵌套（层，150 组）format", "format", 31, lambda t, n, k: docx(t, n, towers(k))),
    ("一段中接排的条目（条）format", "format", 2500, lambda t, n, k: docx(t, n, paragraphs(3) + run_on_items(k))),
    ("一段中的半角逗号（个）format", "format", 25000, lambda t, n, k: docx(t, n, paragraphs(3) + half_width(k))),
    (".docx 段落嵌套（层，150 组）", "check", 31, lambda t, n, k: docx(t, n, towers(k))),
    ("JSON 嵌套（层，20,000 组）", "validate", 3, lambda t, n, k: json_depth(t, n, k)),
    ("页脚引用（个，页脚 100,000 字）", "check", 4, lambda t, n, k: docx(t, n, paragraphs(10), k, varied(0, 100000))),
    ("诊断（未知字段，个）", "validate", 50000, lambda t, n, k: unknown_keys(t, n, k)),
    ("台账行（行，每格 2,000 字）", "render", 25, lambda t, n, k: xuncha_file(t, n, k)),
    (".docx 表格行（行，每行 6 格）dump", "dump", 1000, lambda t, n, k: docx(t, n, table_rows(k))),
    (".docx 表格行（行，每行 6 格）format", "format", 1000, lambda t, n, k: docx(t, n, paragraphs(3) + table_rows(k))),
]


def run(binary, command, path, out_dir, timeout):
    """(wall, CPU) time in s and peak RSS (KiB) of one run; time None on timeout."""
    args = [binary, command] + ([path] if path else [])
    if command in ("render", "format"):
        out = os.path.join(out_dir, "out.docx")
        if os.path.exists(out):
            os.remove(out)
        args += ["-o", out]
    # posix_spawn, not fork: a forked child's peak RSS would count this script's own pages.
    actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.monotonic()
    pid = os.posix_spawn(binary, args, os.environ, file_actions=actions)
    deadline = start + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            cpu = usage.ru_utime + usage.ru_stime
            return (time.monotonic() - start, cpu), usage.ru_maxrss, os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            _, _, usage = os.wait4(pid, 0)
            return None, usage.ru_maxrss, None
        time.sleep(0.002)


def idle_rss(binary):
    """gongwen's resident memory (KiB) before it has read anything: the fixed part of every
    run, read from /proc while it waits for input on a pipe."""
    r, w = os.pipe()
    actions = [(os.POSIX_SPAWN_DUP2, r, 0), (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    pid = os.posix_spawn(binary, [binary, "validate", "/dev/stdin"], os.environ, file_actions=actions)
    os.close(r)
    time.sleep(0.5)
    kib = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                kib = int(line.split()[1])
    os.close(w)
    os.wait4(pid, 0)
    return kib


def measure(binary, command, path, out_dir, timeout, repeat):
    best, rss, code = None, 0, None
    for _ in range(repeat):
        t, r, code = run(binary, command, path, out_dir, timeout)
        rss = max(rss, r)
        if t is None:
            return None, rss, code
        best = t if best is None else (min(best[0], t[0]), min(best[1], t[1]))
    return best, rss, code


def slope(xs, ys):
    lx = [math.log2(x) for x in xs]
    ly = [math.log2(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "gongwen"))
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="dimensions whose name contains one of these")
    ap.add_argument("--build", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build:
        dims = [d for d in DIMENSIONS if not args.only or d[0] in args.only]
        for i, (_, _, base, build) in enumerate(dims):
            for k in (0, 1, 2, 4, 8):
                build(args.build, f"{i}-{k}", base * k)
        return
    dims = [d for d in DIMENSIONS if not args.only or any(o in d[0] for o in args.only)]
    worst = 0.0
    print("| 维度 | 命令 | 1× | 2× | 4× | 8× | 时间指数 | 内存指数 |")
    print("|---|---|---|---|---|---|---|---|")
    _, floor_rss, _ = run(args.bin, "--version", None, None, args.timeout)
    own_rss = idle_rss(args.bin)
    with tempfile.TemporaryDirectory(prefix="gongwen-scaling-") as tmp:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--build", tmp, "--only", *[d[0] for d in dims]], check=True)
        for i, (name, command, base, _) in enumerate(dims):
            path = lambda k: os.path.join(tmp, f"{i}-{k}" + (".docx" if command in ("check", "dump", "format") else ".json"))
            t0, r0, _ = measure(args.bin, command, path(0), tmp, args.timeout, args.repeat)
            sizes, cells, times, rss = [], [], [], []
            for k in (1, 2, 4, 8):
                size = base * k
                t, r, code = measure(args.bin, command, path(k), tmp, args.timeout, args.repeat)
                sizes.append(size)
                if t is None:
                    cells.append(f"{size:,}: 超时 >{args.timeout:.0f} s")
                    break
                masked = r <= floor_rss * 1.1
                cells.append(f"{size:,}: {t[0] * 1000:.0f} ms（CPU {t[1] * 1000:.0f}）, {'≤' if masked else ''}{r / 1024:.0f} MB" + ("" if code in (0, 1) else f"（退出 {code}）"))
                times.append(max(t[1] - t0[1], 0.001))
                rss.append(None if masked else r - own_rss)
            cells += [""] * (4 - len(cells))
            if len(times) == 4:
                # Fitted on 2×–8×: at 1× the dimension's own cost is closest to the noise
                # of the fixed cost (the allocator's first pages are reused, not added).
                te = slope(sizes[1:], times[1:])
                mem = [(x, y) for x, y in zip(sizes[1:], rss[1:]) if y is not None]
                me = slope([x for x, _ in mem], [y for _, y in mem]) if len(mem) >= 2 else None
                worst = max(worst, te, me or 0)
                exps = f"{te:.2f} | " + (f"{me:.2f}" if me is not None else "—（低于下限）")
            else:
                worst = math.inf
                exps = "— | —"
            print(f"| {name} | {command} | " + " | ".join(cells) + f" | {exps} |", flush=True)
            print(f"|  | 基线（0） | {t0[0] * 1000:.0f} ms（CPU {t0[1] * 1000:.0f}）, {r0 / 1024:.0f} MB |  |  |  |  |  |", flush=True)
    print(f"\n测量下限（`gongwen --version` 的峰值内存）：{floor_rss / 1024:.1f} MB；gongwen 自身的固定内存：{own_rss / 1024:.1f} MB")
    print(f"\n最大指数：{worst:.2f}（要求 ≤ 1.2）")
    sys.exit(0 if worst <= 1.2 else 1)


if __name__ == "__main__":
    main()
