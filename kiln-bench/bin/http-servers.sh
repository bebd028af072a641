#!/usr/bin/env bash
# Benchmark (issue 6): which HTTP server library Kiln's model server is built on. Minimal servers
# (dev.kiln.bench.http.HttpServers) for the JDK's com.sun.net.httpserver, Netty 4.2 (epoll, HTTP
# codec + aggregator; "netty-pool" runs the handler on a 2-thread pool instead of the event loop),
# Undertow 2.3, Jetty 12 (core Handler API) and Vert.x 5 each answer GET /ping and POST /echo (a
# 179-byte JSON body parsed with Jackson, a small JSON answer). wrk loads them over loopback.
#
#   kiln-bench/bin/http-servers.sh                      # 3 rounds, 10 s per run, ~45 min
#   ROUNDS=1 DURATION=3s CONFIGS="netty:1 vertx:2" kiln-bench/bin/http-servers.sh
#
# CONFIGS lists candidate:threads, the threads being IO threads (event loops / selectors; for jdk,
# handler threads). By default every candidate runs with 2 on the 2 cores, and the two fastest
# (netty, vertx) also with 1. Per round the configurations run in a rotated order (alternating),
# each started fresh with JVM_OPTS, warmed up
# (WARMUP at 64 connections on each endpoint), then measured at 1, 8 and 64 connections per
# endpoint with `wrk --latency` (2 wrk threads; 1 for a single connection). Every run is one line
# of the log; the table of medians over the rounds (req/s, p50, p99) is written next to it.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
configs="${CONFIGS:-jdk:2 netty:1 netty:2 netty-pool:2 undertow:2 jetty:2 vertx:1 vertx:2}"
conns="${CONNS:-1 8 64}"
port="${PORT:-18080}"
# The settings Kiln's server ships with (docs/benchmarks.md): a small serial-collected heap whose
# young collections of short-lived request garbage take well under a millisecond.
jvm_opts="${JVM_OPTS:--XX:+UseSerialGC -Xms256m -Xmx256m -Xmn64m -XX:+AlwaysPreTouch}"
work="${BENCH_DIR:-$root/bench-work}"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "http-servers: install wrk (apt-get install -y wrk) and run again" >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "http-servers: building kiln-bench" >&2
./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl kiln-bench -am package >&2
cp="$root/kiln-bench/target/lib/*"
lua="$root/kiln-bench/bin/http-echo.lua"
url="http://127.0.0.1:$port"

mkdir -p "$work"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$work/http-servers-$stamp.tsv"
table="$work/http-servers-$stamp.md"
printf 'round\tcandidate\tthreads\tendpoint\tconnections\treq_s\tp50\tp99\terrors\n' >"$log"

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

load() { # endpoint connections duration -> wrk output
  local endpoint=$1 c=$2 d=$3 t=2
  [ "$c" -lt 2 ] && t=1
  if [ "$endpoint" = echo ]; then
    wrk -t"$t" -c"$c" -d"$d" --latency -s "$lua" "$url/echo"
  else
    wrk -t"$t" -c"$c" -d"$d" --latency "$url/ping"
  fi
}

read -r -a list <<<"$configs"
for round in $(seq 1 "$rounds"); do
  shift_by=$(((round - 1) * 3 % ${#list[@]}))
  order=("${list[@]:shift_by}" "${list[@]:0:shift_by}")
  for config in "${order[@]}"; do
    candidate="${config%%:*}"
    threads="${config##*:}"
    {
      extra=""
      # Without it the JDK server waits out Nagle + delayed ACK (~40 ms) on every response.
      [ "$candidate" = jdk ] && extra="-Dsun.net.httpserver.nodelay=true"
      # shellcheck disable=SC2086
      java $jvm_opts $extra -cp "$cp" dev.kiln.bench.http.HttpServers "$candidate" "$port" "$threads" \
        >/dev/null 2>"$work/http-server.err" &
      server_pid=$!
      for _ in $(seq 100); do
        curl -s -o /dev/null "$url/ping" && break
        sleep 0.1
      done
      load ping 64 "$warmup" >/dev/null
      load echo 64 "$warmup" >/dev/null
      for endpoint in ping echo; do
        for c in $conns; do
          out=$(load "$endpoint" "$c" "$duration")
          rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
          p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
          p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
          errs=$( (grep -E 'Non-2xx|Socket errors' <<<"$out" || true) | tr -s ' ' | paste -sd ';')
          printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$candidate" "$threads" "$endpoint" \
            "$c" "$rps" "$p50" "$p99" "${errs:-}" >>"$log"
          echo "round $round $candidate threads=$threads $endpoint c=$c: $rps req/s p50 $p50 p99 $p99 $errs" >&2
        done
      done
      stop_server
    }
  done
done

/usr/bin/python3 - "$log" "$table" <<'PY'
import csv, statistics, sys
def ms(text):
    for unit, scale in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError(text)
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
groups = {}
for r in rows:
    key = (r["candidate"], int(r["threads"]), r["endpoint"], int(r["connections"]))
    groups.setdefault(key, []).append(r)
conns = sorted({k[3] for k in groups})
lines = ["| candidate | IO threads | endpoint | " + " | ".join(
    f"c={c} req/s | c={c} p50/p99 ms" for c in conns) + " |",
    "|---|---:|---|" + "---:|---:|" * len(conns)]
for cand, threads, endpoint in sorted({k[:3] for k in groups}):
    cells = []
    for c in conns:
        rs = groups.get((cand, threads, endpoint, c), [])
        if not rs:
            cells += ["", ""]
            continue
        rps = statistics.median(float(r["req_s"]) for r in rs)
        p50 = statistics.median(ms(r["p50"]) for r in rs)
        p99 = statistics.median(ms(r["p99"]) for r in rs)
        bad = " (errors)" if any(r["errors"] for r in rs) else ""
        cells += [f"{rps:,.0f}{bad}", f"{p50:.3f} / {p99:.3f}"]
    lines.append(f"| {cand} | {threads} | {endpoint} | " + " | ".join(cells) + " |")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "http-servers: runs in $log, medians in $table" >&2
