#!/usr/bin/env bash
# Benchmark (issue 4): train gradient-boosted trees on 1,000,000 x 30 numeric features with a
# binary label, then score 1,000,000 rows CSV -> CSV; Kiln against the Python peers a user would
# pick (Debian's python3-xgboost with tree_method=hist, scikit-learn's
# HistGradientBoostingClassifier; pandas reads the CSV), alternating runs on the same files.
#
#   kiln-bench/bin/train.sh                   # 3 rounds on 1,000,000 training rows
#   RUNS=5 ROWS=200000 THREADS=2 kiln-bench/bin/train.sh
#
# Same trees (200), depth 6 / 63 leaves, learning rate 0.1, THREADS threads (default 2) on every
# side; OMP_NUM_THREADS is set to the same for the peers. Wall time and peak RSS come from
# /usr/bin/time, whole processes (JVM / interpreter start included). Kiln's train holds out 20% of
# the file for its own metrics, while the peers train on all of TRAIN.csv; every side's AUC is also
# measured on TEST.csv (Kiln's from its `kiln predict` output), the figure the sides compare on.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
# shellcheck source=common.sh
source "$root/kiln-bench/bin/common.sh"
runs="${RUNS:-3}"
rows="${ROWS:-1000000}"
threads="${THREADS:-2}"
work="${BENCH_DIR:-$root/bench-work}"
train_csv="$work/binary-$rows.csv"
test_csv="$work/binary-test-$rows.csv"
python=/usr/bin/python3

missing=()
[ -x /usr/bin/time ] || missing+=(time)
for mod in pandas:python3-pandas sklearn:python3-sklearn xgboost:python3-xgboost; do
  "$python" -c "import ${mod%%:*}" 2>/dev/null || missing+=("${mod##*:}")
done
install_missing train ${missing[@]+"${missing[@]}"}

build_bench train

mkdir -p "$work/out"
[ -f "$train_csv" ] || java -cp "$bench_cp" dev.kiln.bench.BinaryTable "$train_csv" "$rows" 42
[ -f "$test_csv" ] || java -cp "$bench_cp" dev.kiln.bench.BinaryTable "$test_csv" "$rows" 43

kiln_trains=false
./kiln train --help >/dev/null 2>&1 && kiln_trains=true

log="$work/train-$(date -u +%Y%m%dT%H%M%SZ).log"
: >"$log"
timed() { # name, command...: one log line "name wall rss_kb inside"
  local name=$1 out err
  shift
  out=$(mktemp) err=$(mktemp)
  OMP_NUM_THREADS="$threads" /usr/bin/time -f 'TIME %e %M' -o "$err" "$@" >"$out" 2>/dev/null || {
    echo "train: $name failed:" >&2
    cat "$out" "$err" >&2
    exit 3
  }
  read -r _ wall rss <"$err"
  # the peers print "read=…,fit=…"; kiln train "took 23.4 s: read 4.2 s, …" (made read=4.2,…)
  inside=$(grep -E '^(import|read|auc)=' "$out" | tail -1 | tr ' ' ',' || true)
  [ -n "$inside" ] || inside=$(grep -E '^took ' "$out" | tail -1 |
    sed -E 's/^took ([0-9.]+) s: /total=\1,/; s/ ([0-9.]+) s/=\1/g; s/, /,/g; s/ /_/g' || true)
  echo "$name $wall $rss $inside" | tee -a "$log" >&2
  rm -f "$out" "$err"
}

peer="$root/kiln-bench/bin/train_peer.py"
for ((i = 1; i <= runs; i++)); do
  echo "train: round $i of $runs" >&2
  if $kiln_trains; then
    timed kiln-train ./kiln train --data "$train_csv" --target label --out "$work/out/model.kiln" \
      --param num_iterations=200 --param num_leaves=63 --param max_depth=6 \
      --param learning_rate=0.1 --param threads="$threads"
  fi
  if $kiln_trains; then
    timed kiln-train-xgboost ./kiln train --data "$train_csv" --target label --learner xgboost \
      --out "$work/out/model-xgb.kiln" --param num_boost_round=200 --param max_depth=6 \
      --param eta=0.1 --param threads="$threads"
  fi
  timed py-xgboost "$python" "$peer" train xgboost "$train_csv" "$test_csv" "$work/out/xgb.ubj" "$threads"
  timed py-sklearn "$python" "$peer" train sklearn "$train_csv" "$test_csv" "$work/out/hgb.bin" "$threads"
  if $kiln_trains; then
    timed kiln-predict ./kiln predict --model "$work/out/model.kiln" --data "$test_csv" --out "$work/out/kiln-pred.csv"
  fi
  timed py-xgboost-predict "$python" "$peer" predict xgboost "$work/out/xgb.ubj" "$test_csv" "$work/out/xgb-pred.csv" "$threads"
  if $kiln_trains; then
    # Kiln's model on the peers' holdout: AUC of its TEST predictions, by scikit-learn
    "$python" -c 'import sys, pandas as pd; from sklearn.metrics import roc_auc_score
y = pd.read_csv(sys.argv[1], usecols=["label"])["label"]; p = pd.read_csv(sys.argv[2])["probability_1"]
print(f"kiln-test-auc {roc_auc_score(y, p):.6f}")' "$test_csv" "$work/out/kiln-pred.csv" | tee -a "$log.auc" >&2
  fi
done
[ -f "$log.auc" ] && sort -u "$log.auc" >&2

"$python" - "$log" "$rows" "$runs" <<'PY'
import statistics, sys
log, rows, runs = sys.argv[1], sys.argv[2], sys.argv[3]
seen = {}
for line in open(log):
    name, wall, rss, *inside = line.split()
    seen.setdefault(name, []).append((float(wall), int(rss) / 1024, inside[0] if inside else ""))
print(f"\n{rows} training rows, {runs} rounds, alternating\n")
print("| run | median wall (s) | median peak RSS (MB) | runs: wall s (inside timings) |")
print("|---|---:|---:|---|")
for n, r in seen.items():
    med = statistics.median(w for w, _, _ in r)
    rss = statistics.median(m for _, m, _ in r)
    each = "; ".join(f"{w:.2f} ({i})" if i else f"{w:.2f}" for w, _, i in r)
    print(f"| {n} | {med:.2f} | {rss:.0f} | {each} |")
PY
echo "train: raw log $log" >&2
