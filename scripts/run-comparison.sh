#!/usr/bin/env bash
#
# run-comparison.sh - measures r2dbc-routing against the other ways of splitting reads and writes, side by side on
# the local replica cluster, and writes one dated results directory:
#   benchmarks/results/<UTC date-time>/comparison.csv   every contender x workload x round (throughput, latency
#                                                       percentiles, errors by kind, statements per server)
#                                       run.properties   machine, software and settings of the run
#                                       comparison.log   the console: the warm-up, and each run's JIT compile time
#                                       comparison.md    the report: ratios to free routing and to the direct pool
#                                                        with their spread over rounds, targets, errors, JMH table
#                                       throughput.png   throughput per workload, +- 1 sd over rounds
#                                       latency.png      p50/p95/p99 per workload
#                                       jmh.json, jmh.md the JMH microbenchmarks of the same run (unless --no-jmh)
#
# Contenders: r2dbc-pool to the primary alone; "free routing" (the router's three pools, the caller picking the pool);
# RoutingConnectionFactory (and its default transaction flip, on the mix); Spring's AbstractRoutingConnectionFactory;
# pgpool-II (Debian's pgpool2, started by scripts/pgpool.sh); r2dbc-postgresql multi-host (preferSecondary).
# Workloads: point reads; a 90/10 mix of reads and read-UPDATE-read transactions; read-your-writes.
#
# Usage: scripts/run-comparison.sh [OPTIONS]
#   (default)            an unmeasured warm-up with every contender and workload mixed, 15 to 30 s, until the
#                        JIT compilers are quiet; then 3 rounds; in each, every contender runs every workload
#                        for 5 s after a warm-up of 1 s, longer (up to 6 s) while the JIT compilers are busy,
#                        32 operations in flight, pools of 8 connections per server; then every JMH benchmark with
#                        1 warm-up iteration of 1 s and 3 measured of 0.7 s. About 9.25 minutes on a 2-core machine
#                        (comparison 6.75 min, JMH 2.25 min; a first build also downloads dependencies).
#   --quick              smoke run: 2 rounds of 2 s, and a JMH subset. About 4 minutes.
#   --duration SECONDS   measured seconds per contender, workload and round (default 5; --quick 2)
#   --rounds N           rounds (default 3; --quick 2)
#   --concurrency N      operations in flight (default 32)
#   --pool-size N        connections per server pool (default 8)
#   --contenders LIST    comma-separated subset of: direct,free-routing,router,router-flip,spring,pgpool,multi-host
#   --workloads LIST     comma-separated subset of: point-read,mix-90-10,read-your-writes
#   --isolation MODE     where the contenders run: shared (default), all in the one JVM over shared pools; or jvm,
#                        each in a JVM of its own (an agent process with the same class path and JVM options and
#                        pools of its own, all warmed up at once), the runs alternating as in shared; seven
#                        JVMs compile the driver and Reactor seven times: the default run takes about 11 minutes
#   --machine-note TEXT  a line the report shows first, in bold (say, "busy machine: other builds running")
#   --out DIR            results directory (default benchmarks/results/<UTC date-time>)
#   --no-jmh             skip the JMH microbenchmarks
#   --no-pgpool          leave pgpool-II out (nothing is installed or started)
#   --no-build           use benchmarks/target/benchmarks.jar as it is
#
# The cluster (scripts/pg-cluster.sh) and pgpool-II (scripts/pgpool.sh, installing Debian's pgpool2 with apt-get as
# root when it is missing) are started when not running and stopped at the end; running ones are used and left
# running. Everything listens on 127.0.0.1 only.
#
# Environment:
#   PGR_BASE_PORT, PGR_DATA_DIR   where the cluster listens and keeps its data (see pg-cluster.sh); pgpool-II
#                                 listens on PGR_BASE_PORT + 10 (PGR_PGPOOL_PORT)
#   JAVA, MVN                     the java and mvn binaries (default: on PATH)
#
# Runs unattended (as root too, with no standard input), bounded in time; the build works on a fresh clone.

set -euo pipefail

cd "$(dirname "$0")/.."
readonly ROOT=$PWD
readonly JAR=benchmarks/target/benchmarks.jar
JAVA=${JAVA:-java}
MVN=${MVN:-mvn}

log() { printf 'run-comparison: %s\n' "$*"; }
die() {
	printf 'run-comparison: ERROR: %s\n' "$*" >&2
	exit 2
}
usage() {
	sed -n '/^# Usage:/,/^# The cluster/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
	exit 2
}

quick=false
jmh=true
pgpool=true
build=true
duration=""
rounds=""
concurrency=32
pool_size=8
contenders=""
workloads=""
machine_note=""
isolation=""
out=""
while (($#)); do
	case "$1" in
	--quick) quick=true ;;
	--no-jmh) jmh=false ;;
	--no-pgpool) pgpool=false ;;
	--no-build) build=false ;;
	--duration | --rounds | --concurrency | --pool-size | --contenders | --workloads | --machine-note | --isolation | --out)
		(($# >= 2)) || die "$1 needs a value"
		case "$1" in
		--duration) duration=$2 ;;
		--rounds) rounds=$2 ;;
		--concurrency) concurrency=$2 ;;
		--pool-size) pool_size=$2 ;;
		--contenders) contenders=$2 ;;
		--workloads) workloads=$2 ;;
		--machine-note) machine_note=$2 ;;
		--isolation) isolation=$2 ;;
		--out) out=$2 ;;
		esac
		shift
		;;
	-h | --help) usage ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done
if $quick; then
	duration=${duration:-2}
	rounds=${rounds:-2}
else
	duration=${duration:-5}
	rounds=${rounds:-3}
fi
[[ $duration =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--duration must be a number of seconds, was '$duration'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive whole number, was '$rounds'"
[[ $concurrency =~ ^[1-9][0-9]*$ ]] || die "--concurrency must be a positive whole number, was '$concurrency'"
[[ $pool_size =~ ^[1-9][0-9]*$ ]] || die "--pool-size must be a positive whole number, was '$pool_size'"
[[ -z $isolation || $isolation == shared || $isolation == jvm ]] ||
	die "--isolation must be shared or jvm, was '$isolation'"

started=$SECONDS
command -v "$JAVA" >/dev/null 2>&1 || die "java not found: install a JDK 17+ or set JAVA"
if $build; then
	command -v "$MVN" >/dev/null 2>&1 || die "mvn not found: install Maven or set MVN"
	log "building $JAR"
	"$MVN" -B -q -pl benchmarks -am -DskipTests package </dev/null
fi
[[ -f $JAR ]] || die "$JAR does not exist: run without --no-build"

out=${out:-benchmarks/results/$(date -u +%Y-%m-%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- the cluster and pgpool-II, stopped at the end only if started here --------------------------------------------

started_cluster=false
started_pgpool=false
cleanup() {
	local status=$?
	if $started_pgpool; then
		scripts/pgpool.sh down </dev/null || log "could not stop pgpool-II: see scripts/pgpool.sh status"
		started_pgpool=false
	fi
	if $started_cluster; then
		log "stopping the cluster started for this run"
		scripts/pg-cluster.sh down </dev/null || log "could not stop the cluster: see scripts/pg-cluster.sh status"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
scripts/pg-cluster.sh status </dev/null >/dev/null 2>&1 || status=$?
case $status in
0) log "cluster: reusing the one running on port ${PGR_BASE_PORT:-25432}" ;;
3)
	log "cluster: starting one on port ${PGR_BASE_PORT:-25432} for this run"
	started_cluster=true
	scripts/pg-cluster.sh up </dev/null
	;;
1)
	log "cluster: partly running on port ${PGR_BASE_PORT:-25432}; bringing it up (it is left running)"
	scripts/pg-cluster.sh up </dev/null
	;;
*) die "scripts/pg-cluster.sh cannot run here (no PostgreSQL server binaries?): see scripts/pg-cluster.sh status" ;;
esac

pgpool_url=""
if $pgpool && [[ -z $contenders || ,$contenders, == *,pgpool,* ]]; then
	# one pgpool child per client connection: the contender's pool holds 3 x pool-size of them
	export PGR_PGPOOL_CHILDREN=$((3 * pool_size + 8))
	status=0
	scripts/pgpool.sh status </dev/null >/dev/null 2>&1 || status=$?
	if ((status == 0)); then
		log "pgpool-II: reusing the one running on port $(scripts/pgpool.sh env | sed -n 's/^PGR_PGPOOL_PORT=//p')"
	else
		((status == 3)) || scripts/pgpool.sh down </dev/null || true
		started_pgpool=true
		if ! scripts/pgpool.sh up </dev/null; then
			started_pgpool=false
			log "pgpool-II could not be started: the comparison runs without it (the report says so)"
		fi
	fi
	if $started_pgpool || ((status == 0)); then
		pgpool_url=$(scripts/pgpool.sh env | sed -n 's/^PGR_PGPOOL_R2DBC_URL=//p')
	fi
fi

# --- the comparison ------------------------------------------------------------------------------------------------

args=(--out "$out" --duration "$duration" --rounds "$rounds" --concurrency "$concurrency" --pool-size "$pool_size")
[[ -n $contenders ]] && args+=(--contenders "$contenders")
[[ -n $workloads ]] && args+=(--workloads "$workloads")
[[ -n $pgpool_url ]] && args+=(--pgpool-url "$pgpool_url")
[[ -n $machine_note ]] && args+=(--machine-note "$machine_note")
[[ -n $isolation ]] && args+=(--isolation "$isolation")
# 18 runs per round of (warm-up of at most 6 s + duration) seconds, the mixed warm-up (at most 30 s), set-up (with
# --isolation jvm, starting the agents too): a generous bound for a hung run
bound=$((18 * rounds * (${duration%.*} + 8) + 30 + 300))
[[ $isolation == jvm ]] && bound=$((bound + 120))
log "comparison: $rounds rounds x ${duration}s, $concurrency in flight, pools of $pool_size," \
	"isolation ${isolation:-shared} (bounded at ${bound}s)"
comparison_started=$SECONDS
# the console log keeps what the CSV does not: the warm-up and the JIT compile time of every run
timeout --kill-after=30 "$bound" "$JAVA" -Xms1g -Xmx1g -cp "$JAR" \
	io.r2dbcrouting.benchmarks.comparison.ComparisonMain "${args[@]}" </dev/null | tee "$out/comparison.log"
comparison_seconds=$((SECONDS - comparison_started))

if $started_pgpool; then
	scripts/pgpool.sh down </dev/null || true
	started_pgpool=false
fi

# --- JMH, into the same directory ----------------------------------------------------------------------------------

jmh_seconds=0
if $jmh; then
	jmh_started=$SECONDS
	# measured iterations of 0.7 s, not 1 s: with 1 s the default run came within 3 s of its 10-minute budget on 2
	# cores; 3 of them, as JMH gives no error range for fewer
	jmh_args=(--no-build --quick -wi 1 -i 3 -r 700ms)
	# the smoke subset: one classifier category, the selectors, and create()-to-first-row routed vs direct
	$quick && jmh_args=(--no-build --quick -wi 1 -i 2 -p category=point,write,orm)
	before=$(ls benchmarks/results/jmh-*.json 2>/dev/null || true)
	scripts/run-benchmarks.sh "${jmh_args[@]}" </dev/null
	json=""
	for file in benchmarks/results/jmh-*.json; do
		[[ -f $file ]] && ! grep -qxF "$file" <<<"$before" && json=$file
	done
	if [[ -n $json ]]; then
		mv "$json" "$out/jmh.json"
		mv "${json%.json}.md" "$out/jmh.md"
	else
		log "JMH wrote no new results file"
	fi
	jmh_seconds=$((SECONDS - jmh_started))
fi

"$JAVA" -cp "$JAR" io.r2dbcrouting.benchmarks.comparison.ComparisonReport "$out" </dev/null >/dev/null
elapsed=$((SECONDS - started))
echo
sed -n '/^## The router against the others/,/^!\[Throughput/p' "$out/comparison.md" | sed '$d'
log "comparison ran $((comparison_seconds / 60)) min $((comparison_seconds % 60)) s, JMH $((jmh_seconds / 60)) min" \
	"$((jmh_seconds % 60)) s, all $((elapsed / 60)) min $((elapsed % 60)) s"
log "results: ${out#"$ROOT"/}/ (comparison.md, comparison.csv, throughput.png, latency.png$($jmh && echo ', jmh.md, jmh.json'))"
