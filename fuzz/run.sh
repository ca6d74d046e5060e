#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, one after another, starting from the
# seed corpora in fuzz/corpus/. Needs cargo-fuzz (`cargo install cargo-fuzz`); libFuzzer's
# sanitizer flags are nightly-only, which RUSTC_BOOTSTRAP=1 allows on the stable toolchain.
# Prints libFuzzer's final statistics per target (runs, corpus size); a crash is reported, its
# reproducer saved under fuzz/artifacts/, and the script goes on to the next target and exits 1.
# The bar of every run: no crash, no input over 2 s, no input over 256 MB. libFuzzer enforces
# the time (-timeout=2) and any single allocation over 256 MB (-malloc_limit_mb=256); its
# -rss_limit_mb watches the whole process, which also holds what the allocator kept from
# earlier inputs, so it is set to 1024 MB and the final corpus is then replayed one process
# an input (fuzz/replay.py), which measures each input's own peak memory and time.
# large_inputs builds inputs up to the limits, so slowness and memory blow-ups show; it runs
# without AddressSanitizer (which triples memory and time, and finds nothing in safe Rust that
# the bounds checks do not).
# Usage: bash fuzz/run.sh [SECONDS] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
shift || true
targets=("$@")
((${#targets[@]})) || targets=(answers_to_docx template_values check_docx large_inputs format_docx)
status=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  work=$(mktemp -d)
  cp fuzz/corpus/$target/* "$work"/ 2>/dev/null || true
  echo "== $target: ${seconds}s"
  if [[ $target == large_inputs ]]; then
    flags=(-s none) limits=(-max_len=4096)
  else
    flags=() limits=(-max_len=65536)
  fi
  cargo fuzz run -O "${flags[@]}" "$target" "$work" -- -max_total_time="$seconds" -timeout=2 -malloc_limit_mb=256 -rss_limit_mb=1024 "${limits[@]}" -print_final_stats=1 2>&1 \
    | grep -E "^(stat::|#[0-9]+.*(DONE|pulse))|ERROR|panicked|SUMMARY" | tail -8 || status=1
  echo "   corpus: $(ls "$work" | wc -l) inputs"
  python3 fuzz/replay.py "fuzz/target/x86_64-unknown-linux-gnu/release/$target" "$work" || status=1
  rm -rf "$work"
done
exit $status
