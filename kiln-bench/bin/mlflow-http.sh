#!/usr/bin/env bash
# Benchmark (issue 5): Kiln's MLflow REST API over HTTP on SQLite and on a throwaway PostgreSQL:
# runs/log-batch of 1,000 metrics x 100 requests (target >= 50,000 metrics/s on SQLite), beside
# the same batches straight on the store, and runs/search over 10,000 runs by a metric filter
# (target <= 50 ms). See dev.kiln.bench.MlflowHttpBench.
#
#   kiln-bench/bin/mlflow-http.sh                 # both backends, 10,000 runs
#   BACKENDS=sqlite RUNS=2000 kiln-bench/bin/mlflow-http.sh
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
./mvnw -q -B -pl kiln-bench -am package -DskipTests -Dspotless.check.skip
for backend in ${BACKENDS:-sqlite postgresql}; do
  java -XX:+UseSerialGC -Xms256m -Xmx1g -cp 'kiln-bench/target/lib/*' \
    dev.kiln.bench.MlflowHttpBench "$backend" "${RUNS:-10000}"
done
