#!/usr/bin/env python3
"""Replays every input of a fuzz corpus in a process of its own and reports the slowest and
the largest: the per-input bar of the fuzz runs (default: 2 s, 256 MB).

libFuzzer's -rss_limit_mb watches the peak resident memory of the whole fuzzing process,
which grows with what the allocator keeps from earlier inputs (and, under AddressSanitizer,
its quarantine of freed memory): a long run of inputs of 100 MB each was stopped at 257 MB
with an empty input as the culprit. One process per input measures each input alone.

Usage: python3 fuzz/replay.py TARGET_BINARY CORPUS_DIR [--max-seconds S] [--max-mb M]
Exit status 1 when an input crashes or passes either bound.
"""
import argparse
import os
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpus")
    ap.add_argument("--max-seconds", type=float, default=2.0)
    ap.add_argument("--max-mb", type=float, default=256.0)
    args = ap.parse_args()
    results = []
    for name in sorted(os.listdir(args.corpus)):
        path = os.path.join(args.corpus, name)
        started = time.monotonic()
        proc = subprocess.Popen([args.binary, "-runs=1", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        results.append((time.monotonic() - started, usage.ru_maxrss / 1024, name, os.waitstatus_to_exitcode(status)))
    if not results:
        print("   replay: the corpus is empty")
        return 1
    slowest = max(results)
    largest = max(results, key=lambda r: r[1])
    crashed = [r for r in results if r[3] != 0]
    print(f"   replay: {len(results)} inputs, one process each; slowest {slowest[0]:.2f} s ({slowest[2][:12]}), "
          f"largest {largest[1]:.0f} MB ({largest[2][:12]}); {len(crashed)} crashed")
    bad = crashed or slowest[0] > args.max_seconds or largest[1] > args.max_mb
    if bad:
        print(f"   replay: FAILED (bounds {args.max_seconds} s, {args.max_mb:.0f} MB)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
