# Shared by the benchmark drivers in this folder: `source "$root/kiln-bench/bin/common.sh"` after
# cd-ing to the repository root.

# install_missing NAME PACKAGE...: installs the Debian packages when run as root; otherwise says
# which to install (NAME is the driver, for the message) and exits 2. Nothing to do without packages.
install_missing() {
  local name=$1
  shift
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$name: install $* (apt-get install -y $*) and run again" >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# build_bench NAME: builds the CLI (./kiln) and the benchmark module; sets bench_cp, the classpath
# of the benchmark drivers (the CLI's libraries and kiln-bench's jar).
build_bench() {
  echo "$1: building the CLI and the benchmark module" >&2
  ./kiln --version >/dev/null
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl kiln-bench -am package >&2
  bench_cp="$root/kiln-cli/target/lib/*:$root/kiln-bench/target/lib/kiln-bench-0.1.0-SNAPSHOT.jar"
}
