#!/usr/bin/env bash
# Benchmark (issue 6): Kiln's model server against an MLflow-style Python server, same model kind,
# same rows, same machine, same run.
#
#   kiln-bench/bin/serve.sh                                  # 3 rounds, 10 s per run
#   ROUNDS=1 DURATION=3s CONFIGS="kiln peer:2" kiln-bench/bin/serve.sh
#
# Model: XGBoost, 200 trees, depth 6, learning rate 0.1, trained on the same 20,000 rows of
# dev.kiln.bench.BinaryTable (30 numeric features, binary label) by each side: `kiln train
# --learner xgboost` and the peer's xgboost.XGBClassifier (tree_method=hist).
# Kiln: `kiln serve --bundle` (prediction routes on the IO threads, the prediction log on, JVM_OPTS).
# Peer: kiln-bench/bin/serve_peer.py — FastAPI + uvicorn + pandas + xgboost (Debian's packages),
# doing what `mlflow models serve` does for /invocations — with OMP_NUM_THREADS=1 and uvicorn
# --workers 1 and 2 (CONFIGS "peer:N"), as a user tuning it would.
# Load: wrk 4.1 with kiln-bench/bin/serve-post.lua, loopback, 1/8/64 connections (2 wrk threads, 1
# for one connection), `--latency`; endpoints GET /ping, POST /invocations with 1 and 100 rows
# (dataframe_split), and for Kiln POST /v2/models/bench/infer with 1 and 100 rows (one FP64 tensor
# per column). Each configuration starts fresh, is warmed up (WARMUP at 64 connections), then every
# endpoint x connections runs once; configurations alternate in a rotated order over ROUNDS rounds.
# CONFIGS "kiln:split" runs Kiln with the two cores split: the server pinned to core 1 (so one event
# loop) and wrk, one thread, to core 0 — the way a latency target is measured when the load generator
# must not take the server's core (on two shared cores the p99 is otherwise the scheduler's).
# Kiln is also measured at a steady rate below its capacity (endpoints "@paced", 8 and 64
# connections): kiln-bench/bin/serve-paced.lua makes each connection wait PACE_MS (default 1)
# milliseconds after every answer, so the p99 read is the server's latency rather than the wait in
# a queue that wrk keeps full on the same two cores.
# Logged per run: req/s, p50, p99, CPU seconds of the server (all its processes) and of wrk. The
# table of medians over the rounds is written next to the log; ready-to-answer times too.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
# shellcheck source=common.sh
source "$root/kiln-bench/bin/common.sh"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
configs="${CONFIGS:-kiln peer:1 peer:2 peer:3}"
conns="${CONNS:-1 8 64}"
pace="${PACE_MS:-1}"
port="${PORT:-18090}"
rows="${ROWS:-20000}"
jvm_opts="${JVM_OPTS:--XX:+UseSerialGC -Xms512m -Xmx512m -Xmn256m -XX:MaxTenuringThreshold=2 -XX:MetaspaceSize=64m}"
work="${BENCH_DIR:-$root/bench-work}/serve"
python=/usr/bin/python3
bin="$root/kiln-bench/bin"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/time ] || missing+=(time)
for mod in fastapi:python3-fastapi uvicorn:python3-uvicorn xgboost:python3-xgboost pandas:python3-pandas \
  sklearn:python3-sklearn; do
  "$python" -c "import ${mod%%:*}" 2>/dev/null || missing+=("${mod##*:}")
done
install_missing serve ${missing[@]+"${missing[@]}"}

build_bench serve

mkdir -p "$work"
train_csv="$work/train-$rows.csv"
test_csv="$work/test-1000.csv"
[ -f "$train_csv" ] || java -cp "$bench_cp" dev.kiln.bench.BinaryTable "$train_csv" "$rows" 42
[ -f "$test_csv" ] || java -cp "$bench_cp" dev.kiln.bench.BinaryTable "$test_csv" 1000 43
if [ ! -f "$work/kiln.kiln" ]; then
  echo "serve: training both models" >&2
  ./kiln train --data "$train_csv" --target label --learner xgboost --out "$work/kiln.kiln" \
    --param num_boost_round=200 --param max_depth=6 --param eta=0.1 >&2
fi
[ -f "$work/peer.ubj" ] || OMP_NUM_THREADS=2 "$python" "$bin/serve_peer.py" train "$train_csv" "$work/peer.ubj"
"$python" "$bin/serve_peer.py" bodies "$test_csv" "$work"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$work/serve-$stamp.tsv"
table="$work/serve-$stamp.md"
printf 'round\tserver\tendpoint\tconnections\treq_s\tp50\tp99\tserver_cpu_s\twrk_cpu_s\terrors\n' >"$log"
printf 'round\tserver\tready_ms\n' >"$work/ready-$stamp.tsv"
url="http://127.0.0.1:$port"
tick=$(getconf CLK_TCK)

server_pid=""
ready_ms=0
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

cpu() { # CPU seconds used so far by a process and its children
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}

target() { # endpoint -> "path body-file" (empty body-file: GET)
  case "$1" in
    ping) echo "/ping -" ;;
    invocations-1 | invocations-100) echo "/invocations $work/$1.json" ;;
    infer-1 | infer-100) echo "/v2/models/bench/infer $work/$1.json" ;;
  esac
}

load() { # endpoint connections duration [config] -> wrk output, last line "WRKCPU seconds"
  local t=2 path body pin=()
  [ "$2" -lt 2 ] && t=1
  if [ "${4:-}" = kiln:split ]; then
    t=1
    pin=(taskset -c 0)
  fi
  read -r path body <<<"$(target "${1%@paced}")"
  if [ "$1" != "${1%@paced}" ]; then # a steady rate: each connection waits PACE_MS between requests
    BODY_FILE="$body" PACE_MS="$pace" /usr/bin/time -f 'WRKCPU %U %S' ${pin[@]+"${pin[@]}"} \
      wrk -t"$t" -c"$2" -d"$3" --latency -s "$bin/serve-paced.lua" "$url$path" 2>&1
  elif [ "$body" = - ]; then
    /usr/bin/time -f 'WRKCPU %U %S' ${pin[@]+"${pin[@]}"} wrk -t"$t" -c"$2" -d"$3" --latency "$url$path" 2>&1
  else
    BODY_FILE="$body" /usr/bin/time -f 'WRKCPU %U %S' ${pin[@]+"${pin[@]}"} \
      wrk -t"$t" -c"$2" -d"$3" --latency -s "$bin/serve-post.lua" "$url$path" 2>&1
  fi
}

start() { # config -> starts the server; sets server_pid and ready_ms (launch to ready)
  # Ready: Kiln's /v2/health/ready (its port opens before the model is loaded and warmed, /ping
  # answers at once); the peer loads its model before it listens, so its /ping means ready.
  local config=$1 begin ready="$url/ping"
  [ "${config%%:*}" = kiln ] && ready="$url/v2/health/ready"
  if curl -s -o /dev/null "$url/ping"; then
    echo "serve: something already answers on port $port; stop it or set PORT" >&2
    exit 3
  fi
  begin=$(date +%s%N)
  if [ "${config%%:*}" = kiln ]; then
    local pin=()
    [ "$config" = kiln:split ] && pin=(taskset -c 1)
    rm -rf "$work/log"
    # every collection's pause, for the table's GC line (the p99 targets ask for no GC in the tail)
    local gc_log="$work/gc-$stamp-${config//:/-}-$round.log"
    KILN_JAVA_OPTS="$jvm_opts -Xlog:gc:file=$gc_log" ${pin[@]+"${pin[@]}"} ./kiln serve --bundle "$work/kiln.kiln" --name bench --port "$port" \
      --log-dir "$work/log" >"$work/kiln-serve.out" 2>&1 &
  else
    (cd "$bin" && PEER_MODEL="$work/peer.ubj" OMP_NUM_THREADS=1 exec "$python" -m uvicorn serve_peer:app \
      --host 127.0.0.1 --port "$port" --workers "${config##*:}" --log-level warning --no-access-log \
      >"$work/peer.out" 2>&1) &
  fi
  server_pid=$!
  for _ in $(seq 1500); do
    curl -sf -o /dev/null "$ready" && break
    sleep 0.02
  done
  curl -sf -o /dev/null "$ready" || { echo "serve: $config did not start" >&2; cat "$work"/*.out >&2; exit 3; }
  ready_ms=$(((($(date +%s%N) - begin)) / 1000000))
}

read -r -a list <<<"$configs"
for round in $(seq 1 "$rounds"); do
  shift_by=$(((round - 1) % ${#list[@]}))
  order=("${list[@]:shift_by}" "${list[@]:0:shift_by}")
  for config in "${order[@]}"; do
    start "$config"
    printf '%s\t%s\t%s\n' "$round" "$config" "$ready_ms" >>"$work/ready-$stamp.tsv"
    echo "round $round $config: ready $ready_ms ms after launch" >&2
    endpoints="ping invocations-1 invocations-100"
    # Kiln: the steady-rate runs come before the 100-row ones, away from their heaviest load (the
    # first paced run after a saturating one often reads a higher p99: docs/benchmarks.md)
    [ "${config%%:*}" = kiln ] &&
      endpoints="ping invocations-1 infer-1 invocations-1@paced infer-1@paced invocations-100 infer-100"
    for e in invocations-1 ping; do load "$e" 64 "$warmup" "$config" >/dev/null; done
    for endpoint in $endpoints; do
      for c in $conns; do
        [ "$endpoint" != "${endpoint%@paced}" ] && [ "$c" -lt 8 ] && continue
        # a steady-rate run reads the steady state: 2 s of its own load first, not recorded
        [ "$endpoint" != "${endpoint%@paced}" ] && load "$endpoint" "$c" 2s "$config" >/dev/null
        before=$(cpu "$server_pid")
        out=$(load "$endpoint" "$c" "$duration" "$config")
        after=$(cpu "$server_pid")
        server_cpu=$(awk -v a="$before" -v b="$after" -v t="$tick" 'BEGIN {printf "%.2f", (b - a) / t}')
        wrk_cpu=$(awk '/^WRKCPU/ {printf "%.2f", $2 + $3}' <<<"$out")
        rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errs=$( (grep -E 'Non-2xx|Socket errors' <<<"$out" || true) | tr -s ' ' | paste -sd ';')
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$config" "$endpoint" "$c" \
          "$rps" "$p50" "$p99" "$server_cpu" "$wrk_cpu" "${errs:-}" >>"$log"
        echo "round $round $config $endpoint c=$c: $rps req/s p50 $p50 p99 $p99 cpu $server_cpu/$wrk_cpu $errs" >&2
        if [ "${config%%:*}" = kiln ]; then
          # the next run starts on a quiet server: the log has written what the last one queued
          for _ in $(seq 200); do
            curl -s "$url/metrics" | grep -q '^kiln_prediction_log_queue_depth 0.0$' && break
            sleep 0.05
          done
          rm -rf "$work/log/predictions" # keep the disk from filling
        fi
      done
    done
    stop_server
  done
done

"$python" - "$log" "$table" "$work/ready-$stamp.tsv" "$work" "$stamp" <<'PY'
import csv, glob, re, statistics, sys
def ms(text):
    for unit, scale in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError(text)
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
groups = {}
for r in rows:
    groups.setdefault((r["server"], r["endpoint"], int(r["connections"])), []).append(r)
lines = ["| server | endpoint | conns | req/s | rows/s | p50 ms | p99 ms | server CPU s | wrk CPU s |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
order = {"ping": 0, "invocations-1": 1, "infer-1": 2, "invocations-100": 3, "infer-100": 4,
         "invocations-1@paced": 5, "infer-1@paced": 6}
for key in sorted(groups, key=lambda k: (not k[0].startswith("kiln"), k[0], order[k[1]], k[2])):
    rs = groups[key]
    med = lambda f: statistics.median(f(r) for r in rs)
    rps = med(lambda r: float(r["req_s"]))
    per = 100 if key[1].endswith("-100") else 1
    bad = " (errors)" if any(r["errors"] for r in rs) else ""
    lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {rps:,.0f}{bad} | "
                 f"{rps * per:,.0f} | {med(lambda r: ms(r['p50'])):.3f} | "
                 f"{med(lambda r: ms(r['p99'])):.3f} | {med(lambda r: float(r['server_cpu_s'])):.1f} | "
                 f"{med(lambda r: float(r['wrk_cpu_s'])):.1f} |")
ready = {}
for r in csv.DictReader(open(sys.argv[3]), delimiter="\t"):
    ready.setdefault(r["server"], []).append(int(r["ready_ms"]))
lines.append("")
lines.append("ready to predict after launch (median ms): " + ", ".join(
    f"{k} {statistics.median(v):.0f}" for k, v in sorted(ready.items())))
pauses = {}
for path in glob.glob(f"{sys.argv[4]}/gc-{sys.argv[5]}-*.log"):
    config = path.rsplit("/", 1)[1][len(f"gc-{sys.argv[5]}-"):].rsplit("-", 1)[0]
    for line in open(path):
        m = re.search(r"Pause .* ([0-9.]+)ms$", line)
        if m:
            pauses.setdefault(config, []).append(float(m.group(1)))
for config, ms in sorted(pauses.items()):
    ms.sort()
    lines.append(f"GC pauses of {config} over all its runs: {len(ms)} collections, median "
                 f"{statistics.median(ms):.2f} ms, p99 {ms[int(0.99 * (len(ms) - 1))]:.2f} ms, "
                 f"longest {ms[-1]:.2f} ms")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "serve: runs in $log, medians in $table" >&2
