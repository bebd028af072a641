#!/usr/bin/env bash
# Benchmark (issue 6): time from launching `./kiln serve` to its first 200 on /v2/health/ready, over
# N launches, then the latency of the first requests after ready (is ready really warmed?).
#
#   kiln-bench/bin/serve-ready.sh BUNDLE                 # 9 launches, port 18250
#   RUNS=15 PORT=18251 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 kiln-bench/bin/serve-ready.sh B
#   FIRST=1000 kiln-bench/bin/serve-ready.sh BUNDLE      # also time 1000 requests right after ready
#   KILN=/elsewhere/kiln kiln-bench/bin/serve-ready.sh B   # another checkout's launcher and build
#
# Launch: `./kiln serve --bundle BUNDLE --name bench --port PORT --log-dir TMP` with KILN_JAVA_OPTS
# (default the benchmark's "-XX:+UseSerialGC -Xms256m -Xmx256m -Xmn64m"); /v2/health/ready is
# polled with curl every 10 ms. One launch first writes the class-data archive and is not counted.
# With FIRST=N, after ready one keep-alive connection sends N single-row POST
# /v2/models/bench/infer requests back to back (python3 http.client; the model must take x01..x30)
# and the p50/p99/max of their latencies are printed per launch. Prints one line per launch and the
# min/median at the end, with the CPU time of the server (and the launcher's children) to ready.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
bundle="${1:?usage: serve-ready.sh BUNDLE}"
runs="${RUNS:-9}"
port="${PORT:-18250}"
first="${FIRST:-0}"
kiln="${KILN:-$root/kiln}" # SERVE_ARGS: more options for kiln serve, e.g. "--transport epoll"
export KILN_JAVA_OPTS="${KILN_JAVA_OPTS--XX:+UseSerialGC -Xms256m -Xmx256m -Xmn64m}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"

first_requests() {
  python3 - "$port" "$first" <<'EOF'
import http.client, json, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
body = json.dumps({"inputs": [{"name": "x%02d" % i, "shape": [1], "datatype": "FP64",
                               "data": [0.1 * i]} for i in range(1, 31)]})
conn = http.client.HTTPConnection("127.0.0.1", port)
lat = []
for _ in range(n):
    t = time.perf_counter()
    conn.request("POST", "/v2/models/bench/infer", body, {"Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    lat.append((time.perf_counter() - t) * 1e6)
    if r.status != 200:
        sys.exit("infer answered %d" % r.status)
lat.sort()
print("first %d: p50 %.0f us, p99 %.0f us, max %.0f us" % (n, lat[n // 2], lat[int(n * 0.99)], lat[-1]))
EOF
}

launch() {
  local start end pid
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # SERVE_ARGS: further options, split on spaces
  "$kiln" serve --bundle "$bundle" --name bench --port "$port" --log-dir "$work" ${SERVE_ARGS:-} \
    >"$work/out" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$url/v2/health/ready"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kiln serve exited:" >&2
      cat "$work/out" >&2
      exit 1
    fi
    sleep 0.01
  done
  end=$(date +%s%N)
  local cpu
  cpu=$(awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15 + $16 + $17) * 1000 / t)}' "/proc/$pid/stat")
  local extra="; cpu $cpu ms"
  [ "$first" -gt 0 ] && extra="$extra; $(first_requests)"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$(((end - start) / 1000000))$extra"
}

launch >/dev/null # writes the class-data archive
times=()
cpus=()
for i in $(seq "$runs"); do
  line=$(launch)
  echo "run $i: ${line%%;*} ms${line#"${line%%;*}"}"
  times+=("${line%%;*}")
  cpu=${line#*cpu }
  cpus+=("${cpu%% *}")
done
summary() {
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  echo "min $(echo "$sorted" | head -1), median $(echo "$sorted" | sed -n "$((($# + 1) / 2))p"), max $(echo "$sorted" | tail -1)"
}
echo "ready ms over $runs launches: $(summary "${times[@]}"); CPU ms of the server to ready: $(summary "${cpus[@]}")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
