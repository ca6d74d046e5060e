#!/usr/bin/env python3
"""How `gongwen serve` grows with its new input dimension, the entries of a batch upload:
zips of N answers files (N = 250, 500, 1000, 2000, the last the entry limit), each a
township of its own (no name conflicts), posted to /api/kinds/fazhan-dangyuan/batch.
Prints the server's CPU time for each batch (the least of --repeat runs) (user + system from /proc, so other programs on
a shared machine do not stretch it), the wall time, the answer's size and the server's
resident memory after each batch (VmRSS) and its peak so far (VmHWM), and the growth
exponent of CPU time (least squares of log2 over 2×–8×).

Usage: python3 benches/serve_scaling.py [--bin target/release/gongwen]
Only 127.0.0.1; the standard library only.
"""
import argparse
import io
import json
import math
import os
import subprocess
import time
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid, key):
    for line in open("/proc/%d/status" % pid):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def upload(n, base):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            a = dict(base)
            a["乡镇名称"] = "第%d镇" % i
            a["党委名称"] = "中共第%d镇委员会" % i
            z.writestr("%05d.json" % i, json.dumps(a, ensure_ascii=False))
    return buf.getvalue()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default=os.path.join(ROOT, "target/release/gongwen"))
    p.add_argument("--repeat", type=int, default=3, help="runs of each size; the least CPU time is kept")
    args = p.parse_args()
    base = json.load(open(os.path.join(ROOT, "fixtures/baiyun-zhen.json"), encoding="utf-8"))
    server = subprocess.Popen([args.bin, "serve", "--port", "0", "--request-timeout", "600"], stdout=subprocess.PIPE, text=True)
    try:
        url = next(l for l in server.stdout if "已启动：" in l).split("已启动：", 1)[1].strip()
        rows = []
        for n in (250, 500, 1000, 2000):
            body = upload(n, base)
            best = None
            for _ in range(args.repeat):
                before = cpu_seconds(server.pid)
                t = time.monotonic()
                req = urllib.request.Request(url + "api/kinds/fazhan-dangyuan/batch", data=body, headers={"Content-Type": "application/zip"})
                answer = urllib.request.urlopen(req, timeout=600).read()
                wall = time.monotonic() - t
                cpu = cpu_seconds(server.pid) - before
                if best is None or cpu < best[0]:
                    best = (cpu, wall)
            cpu, wall = best
            rows.append((n, cpu, wall, len(body), len(answer), memory_kib(server.pid, "VmRSS"), memory_kib(server.pid, "VmHWM")))
        print("entries  cpu s   wall s  upload KB  answer KB  RSS after MB  peak MB")
        for n, cpu, wall, up, down, rss, hwm in rows:
            print("%7d  %6.2f  %6.2f  %9d  %9d  %12.1f  %7.1f" % (n, cpu, wall, up // 1024, down // 1024, rss / 1024, hwm / 1024))
        xs = [math.log2(r[0]) for r in rows[1:]]
        ys = [math.log2(max(r[1], 1e-3)) for r in rows[1:]]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print("growth exponent of CPU time (2x-8x): %.2f" % slope)
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
