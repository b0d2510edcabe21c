#!/bin/sh
# Builds a fuzz target with libFuzzer and AddressSanitizer and runs it.
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer options…]
#
# TARGET is line-decoder or json. The build goes to .build-fuzz (never the repository's .build);
# inputs the fuzzer finds interesting go to .build-fuzz/corpus/TARGET, the seeds in
# fuzz/corpus/TARGET are only read; a crash is written to .build-fuzz/crashes/TARGET/ and stops
# the run with a non-zero status. See fuzz/README.md.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: fuzz/run.sh line-decoder|json SECONDS [libFuzzer options…]" >&2
    exit 64
fi
target=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
scratch="$here/../.build-fuzz"
case "$target" in
    line-decoder|json) ;;
    *) echo "unknown target $target (line-decoder or json)" >&2; exit 64 ;;
esac
swift build -c release --package-path "$here" --scratch-path "$scratch" --product "fuzz-$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >&2
mkdir -p "$scratch/corpus/$target" "$scratch/crashes/$target"
exec "$scratch/release/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$scratch/crashes/$target/" "$@" \
    "$scratch/corpus/$target" "$here/corpus/$target"
