#!/usr/bin/env bash
#
# run-benchmarks.sh - builds the JMH microbenchmarks of r2dbc-routing (module benchmarks/) and runs them with the
# allocation profiler, writing two files per run:
#   benchmarks/results/jmh-<UTC date-time>.json   JMH's own JSON (-rf json), including -prof gc's figures
#   benchmarks/results/jmh-<UTC date-time>.md     a Markdown table of it: benchmark, params, threads,
#                                                 score ± error, unit, gc.alloc.rate.norm (B/op)
#
# Usage: scripts/run-benchmarks.sh [--quick] [--no-build] [JMH ARGUMENTS...]
#   (default)        1 fork, 3 warm-up iterations x 2 s, 5 measured iterations x 2 s.
#                    About 7 minutes on a 2-core machine (25 benchmark/parameter combinations x ~17 s).
#   --quick          smoke run: 1 fork, 2 warm-up + 3 measured iterations of 1 s each. About 2.5 minutes.
#   --no-build       skip the Maven build and use benchmarks/target/benchmarks.jar as it is.
#   JMH ARGUMENTS    passed on to JMH: a benchmark regex ('Classifier', 'SelectorBenchmark.next$'), -p category=orm,
#                    -prof stack, ... Any of -f, -wi, -w, -i, -r, -foe given here replaces the script's value.
#                    The script sets -rf and -rff itself.
#
# Examples:
#   scripts/run-benchmarks.sh --quick
#   scripts/run-benchmarks.sh ClassifierBenchmark -p category=orm,tricky
#   scripts/run-benchmarks.sh AcquisitionBenchmark -f 3
#
# AcquisitionBenchmark needs the PostgreSQL primary and two streaming replicas of scripts/pg-cluster.sh, on
# 127.0.0.1 only. When a selected benchmark needs it and none is running, this script starts one and stops it at the
# end; a cluster that is already running is used and left running. R2DBC_ROUTING_PRIMARY_URL (an external cluster)
# or R2DBC_ROUTING_CLUSTER=testcontainers|external leave the choice to the benchmark (see PostgresCluster).
#
# Environment:
#   PGR_BASE_PORT, PGR_DATA_DIR   where the local cluster listens and keeps its data (see pg-cluster.sh)
#   JAVA                          the java binary (default: java on PATH); Java 17 or later
#   MVN                           the Maven binary (default: mvn on PATH)
#
# Runs unattended (as root too, with no standard input); the build works on a fresh clone, building the modules the
# benchmarks depend on with it.

set -euo pipefail

cd "$(dirname "$0")/.."
readonly ROOT=$PWD
readonly JAR=benchmarks/target/benchmarks.jar
readonly RESULTS=benchmarks/results
JAVA=${JAVA:-java}
MVN=${MVN:-mvn}

log() { printf 'run-benchmarks: %s\n' "$*"; }
die() {
	printf 'run-benchmarks: ERROR: %s\n' "$*" >&2
	exit 2
}
usage() {
	sed -n '/^# Usage:/,/^# Examples:/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
	exit 2
}

quick=false
build=true
jmh_args=()
for arg in "$@"; do
	case "$arg" in
	--quick) quick=true ;;
	--no-build) build=false ;;
	-h | --help) usage ;;
	*) jmh_args+=("$arg") ;;
	esac
done

# JMH rejects an option given twice, so the script's settings yield to the caller's. -foe: a benchmark that fails
# (say, for want of a cluster) fails the run instead of leaving a row out of the results.
if $quick; then
	defaults=(-f 1 -wi 2 -w 1s -i 3 -r 1s -foe true)
else
	defaults=(-f 1 -wi 3 -w 2s -i 5 -r 2s -foe true)
fi
settings=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
	given=false
	for arg in ${jmh_args[@]+"${jmh_args[@]}"}; do
		[[ $arg == "${defaults[i]}" ]] && given=true
	done
	$given || settings+=("${defaults[i]}" "${defaults[i + 1]}")
done
profile=(-prof gc)
for ((i = 0; i + 1 < ${#jmh_args[@]}; i++)); do
	[[ ${jmh_args[i]} == -prof && ${jmh_args[i + 1]} == gc ]] && profile=()
done

command -v "$JAVA" >/dev/null 2>&1 || die "java not found: install a JDK 17+ or set JAVA"

if $build; then
	command -v "$MVN" >/dev/null 2>&1 || die "mvn not found: install Maven or set MVN"
	log "building $JAR"
	"$MVN" -B -q -pl benchmarks -am -DskipTests package </dev/null
fi
[[ -f $JAR ]] || die "$JAR does not exist: run without --no-build"

stamp=$(date -u +%Y-%m-%d-%H%M%S)
mkdir -p "$RESULTS"
json=$RESULTS/jmh-$stamp.json
markdown=$RESULTS/jmh-$stamp.md

# --- the cluster, only when a selected benchmark needs it --------------------------------------------------------

started_cluster=false
stop_cluster() {
	if $started_cluster; then
		log "stopping the cluster started for this run"
		scripts/pg-cluster.sh down </dev/null || log "could not stop the cluster: see scripts/pg-cluster.sh status"
	fi
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

selected=$("$JAVA" -jar "$JAR" -l ${jmh_args[@]+"${jmh_args[@]}"} </dev/null) || die "JMH rejected the arguments: ${jmh_args[*]-}"
if ! grep -q '\.AcquisitionBenchmark\.' <<<"$selected"; then
	log "no benchmark selected needs the cluster"
elif [[ -n ${R2DBC_ROUTING_PRIMARY_URL:-} || ${R2DBC_ROUTING_CLUSTER:-auto} =~ ^(external|testcontainers)$ ]]; then
	log "cluster: left to PostgresCluster (R2DBC_ROUTING_PRIMARY_URL or R2DBC_ROUTING_CLUSTER is set)"
else
	status=0
	scripts/pg-cluster.sh status </dev/null >/dev/null 2>&1 || status=$?
	case $status in
	0) log "cluster: reusing the one running on port ${PGR_BASE_PORT:-25432}" ;;
	3)
		log "cluster: starting one on port ${PGR_BASE_PORT:-25432} for this run"
		started_cluster=true
		scripts/pg-cluster.sh up </dev/null
		;;
	1) log "cluster: partly running; PostgresCluster will bring it up and leave it running" ;;
	*) log "cluster: pg-cluster.sh cannot run here (no PostgreSQL binaries?); AcquisitionBenchmark will say what is missing" ;;
	esac
fi

# --- the run -------------------------------------------------------------------------------------------------------

log "running JMH ${settings[*]-} ${profile[*]-} ${jmh_args[*]-}"
started=$SECONDS
"$JAVA" -jar "$JAR" ${settings[@]+"${settings[@]}"} ${profile[@]+"${profile[@]}"} -rf json -rff "$json" \
	${jmh_args[@]+"${jmh_args[@]}"} </dev/null
elapsed=$((SECONDS - started))

"$JAVA" -cp "$JAR" io.r2dbcrouting.benchmarks.JmhReport "$json" "$markdown" </dev/null
echo
cat "$markdown"
echo
log "JMH ran $((elapsed / 60)) min $((elapsed % 60)) s"
log "results: $ROOT/$json"
log "summary: $ROOT/$markdown"
