#!/usr/bin/env bash
# The corpus benchmark: `korpus freq --stemmer snowball` on the Bundestag speeches (≈97 MB)
# and on a 1 GB concatenation (the same text 10×), against `wc -w` measured in the same run.
#
# Usage: benches/corpus.sh [--quick MB] [--reps N] [--threads N] [--no-build] [--no-1gb]
#                           [--jsonl MB]
#   --quick MB   only a slice of MB megabytes (CI: --quick 10)
#   --jsonl MB   also a corpus format: corpus/blogs.jsonl copied to MB megabytes (ids made
#                unique per copy), one nested thread a line
#   --reps N     repetitions per measurement; the median is printed (default 3)
#   --threads N  worker threads for korpus (default 2); also measures 1 thread for scaling
# Scratch files go to ${TMPDIR:-/tmp}/korpus-bench (never into the repository).
# Prints MB/s, tokens/s, peak RSS (GNU time -v) and the ratio of korpus to `wc -w`; with
# `perf` it also prints instructions (stable on a noisy machine).
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=""
REPS=3
THREADS=2
BUILD=1
BIG=1
JSONL=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK="$2"; BIG=0; shift 2 ;;
        --reps) REPS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --no-1gb) BIG=0; shift ;;
        --jsonl) JSONL="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

SRC="${KORPUS_SHARED:-../shared}/data/bundestag/speeches_wp19.txt.gz"
if [ ! -f "$SRC" ]; then
    echo "corpus bench: skipped: $SRC not found"
    exit 0
fi
TIME=/usr/bin/time
if ! "$TIME" -v true >/dev/null 2>&1; then
    echo "corpus bench: GNU time is needed for peak RSS (Debian: apt-get install time)" >&2
    exit 1
fi
PERF=""
if command -v perf >/dev/null && perf stat -x, -e instructions true 2>&1 >/dev/null |
    grep -q '^[0-9]'; then
    PERF=perf
fi

if [ "$BUILD" = 1 ]; then
    cargo build --release --quiet
fi
BIN="$(pwd)/target/release/korpus"
WORK="${TMPDIR:-/tmp}/korpus-bench"
mkdir -p "$WORK"
FULL="$WORK/bundestag.txt"
[ -s "$FULL" ] || gzip -dc "$SRC" > "$FULL"
if [ -n "$QUICK" ]; then
    FILE="$WORK/bundestag-${QUICK}MB.txt"
    head -c "$((QUICK * 1000000))" "$FULL" > "$FILE"
else
    FILE="$FULL"
fi

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# run_timed OUT CMD...: wall seconds, peak RSS (KB) and user CPU seconds of CMD, appended
# to OUT as "s kb user"
run_timed() {
    local out="$1"; shift
    "$TIME" -f "%e %M %U" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
        cat "$WORK/stderr.txt" >&2; exit 1; }
    tail -1 "$WORK/time.txt" >> "$out"
}

instructions() {
    [ -n "$PERF" ] || { echo "n/a"; return; }
    perf stat -x, -e instructions -o "$WORK/perf.txt" "$@" >/dev/null 2>&1
    awk -F, '/instructions/ {printf "%.2f G", $1/1e9}' "$WORK/perf.txt"
}

# bench NAME FILE: prints one block of figures
bench() {
    local name="$1" file="$2"
    local bytes mb words
    bytes=$(stat -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
    : > "$WORK/wc.t"; : > "$WORK/k1.t"; : > "$WORK/kn.t"
    for _ in $(seq "$REPS"); do
        run_timed "$WORK/wc.t" wc -w "$file"
        run_timed "$WORK/kn.t" "$BIN" --threads "$THREADS" freq --stemmer snowball --quiet "$file"
        if [ "$THREADS" != 1 ]; then
            run_timed "$WORK/k1.t" "$BIN" --threads 1 freq --stemmer snowball --quiet "$file"
        fi
    done
    words=$(wc -w < "$file")
    local tokens
    tokens=$("$BIN" --quiet freq --stemmer snowball --format json --top 1 "$file" |
        awk -F'[:,]' '/"tokens"/ {gsub(/ /, "", $2); print $2; exit}')
    local wc_s kn_s kn_rss k1_s
    wc_s=$(awk '{print $1}' "$WORK/wc.t" | median)
    kn_s=$(awk '{print $1}' "$WORK/kn.t" | median)
    kn_rss=$(awk '{print $2}' "$WORK/kn.t" | sort -g | tail -1)
    echo "== $name: $mb MB, $words words (wc -w), $tokens tokens (korpus), median of $REPS"
    awk -v s="$wc_s" -v mb="$mb" 'BEGIN {printf "  wc -w                     %7.2f s  %8.1f MB/s\n", s, mb/s}'
    awk -v s="$kn_s" -v mb="$mb" -v t="$tokens" -v w="$wc_s" -v r="$kn_rss" -v n="$THREADS" \
        'BEGIN {printf "  korpus freq, %d threads    %7.2f s  %8.1f MB/s  %6.2f M tokens/s  peak RSS %d MB  ratio to wc -w %.2f\n", n, s, mb/s, t/s/1e6, r/1024, s/w}'
    if [ -s "$WORK/k1.t" ]; then
        k1_s=$(awk '{print $1}' "$WORK/k1.t" | median)
        awk -v s="$k1_s" -v mb="$mb" -v n="$kn_s" \
            'BEGIN {printf "  korpus freq, 1 thread     %7.2f s  %8.1f MB/s  speed-up of %s threads: %.2f×\n", s, mb/s, ENVIRON["THREADS"], s/n}'
    fi
    awk -v w="$(awk '{print $3}' "$WORK/wc.t" | median)" \
        -v k="$(awk '{print $3}' "$WORK/k1.t" "$WORK/kn.t" | head -"$REPS" | median)" \
        'BEGIN {printf "  user CPU (stable under load): wc -w %.2f s, korpus %.2f s, ratio %.2f\n", w, k, k/w}'
    [ -z "$PERF" ] || echo "  instructions: wc -w $(instructions wc -w "$file"), korpus 1 thread $(instructions "$BIN" --threads 1 freq --stemmer snowball --quiet "$file")"
    echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
}

export THREADS
bench "bundestag" "$FILE"
if [ "$BIG" = 1 ]; then
    BIGFILE="$WORK/bundestag-10x.txt"
    if [ ! -s "$BIGFILE" ]; then
        for _ in $(seq 10); do cat "$FULL"; done > "$BIGFILE"
    fi
    REPS=1 bench "bundestag 10× (1 GB)" "$BIGFILE"
    rm -f "$BIGFILE"
fi
if [ -n "$JSONL" ]; then
    JFILE="$WORK/blogs-${JSONL}MB.jsonl"
    copies=$(( (JSONL * 1000000 + $(stat -c %s corpus/blogs.jsonl) - 1) / $(stat -c %s corpus/blogs.jsonl) ))
    for k in $(seq "$copies"); do
        # Post and comment ids and the parents that refer to them get the copy's prefix.
        sed -e "s/\"id\":\"/\"id\":\"c$k-/g" -e "s/\"parent\":\"/\"parent\":\"c$k-/g" \
            corpus/blogs.jsonl
    done > "$JFILE"
    bench "corpus/blogs.jsonl ×$copies" "$JFILE"
    rm -f "$JFILE"
fi
