#!/usr/bin/env bash
# Benchmark: read a 1,000,000-row x 30-column CSV and profile it, Kiln against pandas
# (read_csv + describe(include='all')), alternating runs on the same file in the same session.
#
#   kiln-bench/bin/read-profile.sh            # 3 rounds on 1,000,000 rows
#   RUNS=5 ROWS=200000 kiln-bench/bin/read-profile.sh
#
# Each round runs, one after the other: the product path `./kiln data profile FILE --out-dir DIR`
# (JVM start included), pandas as a whole process (interpreter start and import included), and
# the "frame only" figure (read into a Frame, then profile it, timed inside one JVM). Wall time and
# peak RSS come from /usr/bin/time. The table at the end has medians, the ratio and every run.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
rows="${ROWS:-1000000}"
work="${BENCH_DIR:-$root/bench-work}"
csv="$work/features-$rows.csv"
python=/usr/bin/python3

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "read-profile: $1 is missing; install it (apt-get install -y $2) and run again" >&2
    exit 2
  fi
}
if [ ! -x /usr/bin/time ]; then
  need_root /usr/bin/time time
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if ! "$python" -c 'import pandas' 2>/dev/null; then
  need_root pandas python3-pandas
  apt-get update -qq && apt-get install -y -qq python3-pandas >/dev/null
fi

echo "read-profile: building the CLI and the benchmark module" >&2
./kiln --version >/dev/null
bench_jar="$root/kiln-bench/target/lib/kiln-bench-0.1.0-SNAPSHOT.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/kiln-bench/src" "$root/kiln-core/src/main" \
    "$root/kiln-data/src/main" -newer "$bench_jar" -name '*.java' -print -quit)" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl kiln-bench -am package >&2
fi
# The CLI's libraries first: its DuckDB jar has the native library split out (see ./kiln), so the
# frame-only figure is not charged for unpacking it.
bench_cp="$root/kiln-cli/target/lib/*:$bench_jar"

mkdir -p "$work/out"
if [ ! -f "$csv" ]; then
  echo "read-profile: generating $csv ($rows rows, seed 42)" >&2
  java -cp "$bench_cp" dev.kiln.bench.FeatureTable "$csv" "$rows" 42
fi

engines=(c)
if "$python" -c 'import pyarrow' 2>/dev/null; then
  engines+=(pyarrow)
fi

log="$work/read-profile-$(date -u +%Y%m%dT%H%M%SZ).log"
: >"$log"
timed() { # name, command...: one log line "name wall rss_kb inside"
  local name=$1 out err
  shift
  out=$(mktemp) err=$(mktemp)
  /usr/bin/time -f 'TIME %e %M' -o "$err" "$@" >"$out" 2>/dev/null || {
    echo "read-profile: $name failed:" >&2
    cat "$out" "$err" >&2
    exit 3
  }
  read -r _ wall rss <"$err"
  echo "$name $wall $rss $(grep -E '^(import|read)=' "$out" | head -1 | tr ' ' ',')" | tee -a "$log" >&2
  rm -f "$out" "$err"
}

for ((i = 1; i <= runs; i++)); do
  echo "read-profile: round $i of $runs" >&2
  timed kiln-cli ./kiln data profile "$csv" --out-dir "$work/out"
  for e in "${engines[@]}"; do
    timed "pandas-$e" "$python" "$root/kiln-bench/bin/pandas_peer.py" "$csv" "$e"
  done
  timed kiln-frame java ${KILN_BENCH_JAVA_OPTS:--XX:+UseSerialGC} -cp "$bench_cp" \
    dev.kiln.bench.FrameProfile "$csv"
done

"$python" - "$log" "$csv" "$runs" <<'PY'
import statistics, sys, platform, subprocess
log, csv, runs = sys.argv[1], sys.argv[2], sys.argv[3]
rows = {}
for line in open(log):
    name, wall, rss, *inside = line.split()
    rows.setdefault(name, []).append((float(wall), int(rss) / 1024, inside[0] if inside else ""))
med = {n: statistics.median(w for w, _, _ in r) for n, r in rows.items()}
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"\nfile: {csv}; {runs} rounds, alternating; {java}; {platform.machine()}, "
      f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores\n")
print("| run | median wall (s) | ratio to pandas-c | median peak RSS (MB) | runs: wall s (inside timings) |")
print("|---|---:|---:|---:|---|")
for n, r in rows.items():
    rss = statistics.median(m for _, m, _ in r)
    each = "; ".join(f"{w:.2f} ({i})" if i else f"{w:.2f}" for w, _, i in r)
    print(f"| {n} | {med[n]:.2f} | {med[n] / med['pandas-c']:.2f} | {rss:.0f} | {each} |")
print(f"\nKiln CLI / pandas (c engine), medians: {med['kiln-cli'] / med['pandas-c']:.2f}x")
PY
echo "read-profile: raw log $log" >&2
