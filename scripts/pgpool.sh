#!/usr/bin/env bash
#
# pgpool.sh - a pgpool-II in front of the local cluster of scripts/pg-cluster.sh, for the benchmark comparison
# (scripts/run-comparison.sh): streaming-replication mode, reads load-balanced over the two replicas per statement,
# writes and transactions after their first write on the primary. Loopback only; its configuration, pid file and
# log live in a directory of their own, never in /etc/pgpool2.
#
# Usage: pgpool.sh COMMAND
#   up        install Debian's pgpool2 package when pgpool is missing (as root, with apt-get), write the
#             configuration, start pgpool and wait until it accepts connections and sees all three nodes up.
#             Idempotent: a pgpool already running from this directory is left as it is.
#   down      stop the pgpool started from this directory (fast mode).
#   status    exit 0 when it runs and answers, 3 when it does not run, 1 in between.
#   env       print KEY=VALUE lines describing the endpoint (eval-able).
#
# Environment:
#   PGR_BASE_PORT       the cluster's primary port (default 25432), as for pg-cluster.sh; its replicas use +1 and +2.
#   PGR_PGPOOL_PORT     pgpool's port (default PGR_BASE_PORT + 10); its PCP socket uses + 1 (no TCP listener).
#   PGR_PGPOOL_DIR      configuration, pid file and log (default /tmp/r2r-pgpool-<PGR_PGPOOL_PORT>).
#   PGR_PGPOOL_CHILDREN num_init_children: client connections pgpool serves at once (default 32).
#   PGPOOL_BIN          directory of the pgpool binary (default: pgpool on PATH, else /usr/sbin).
#   PGR_START_TIMEOUT   seconds to wait for pgpool to accept connections (default 60).
#
# The cluster authenticates with scram-sha-256. pgpool must then know the password to authenticate to the servers
# and to its own clients: pool_passwd holds it as 'routing:TEXTrouting' (the cluster's fixed, local-only test
# password; pgpool's TEXT prefix), with enable_pool_hba off. As root pgpool runs as the OS user 'postgres'. It never
# inherits the caller's file descriptors.

set -euo pipefail

readonly HOST=127.0.0.1
readonly DB=routing
readonly APP_USER=routing
readonly APP_PASSWORD=routing

readonly BASE_PORT="${PGR_BASE_PORT:-25432}"
[[ $BASE_PORT =~ ^[0-9]+$ ]] || { echo "pgpool: ERROR: PGR_BASE_PORT must be a number, was '$BASE_PORT'" >&2; exit 2; }
readonly PORT="${PGR_PGPOOL_PORT:-$((BASE_PORT + 10))}"
readonly PCP_PORT=$((PORT + 1))
DIR="${PGR_PGPOOL_DIR:-/tmp/r2r-pgpool-$PORT}"
readonly CHILDREN="${PGR_PGPOOL_CHILDREN:-32}"
readonly START_TIMEOUT="${PGR_START_TIMEOUT:-60}"

log() { printf 'pgpool: %s\n' "$*"; }
die() {
	printf 'pgpool: ERROR: %s\n' "$*" >&2
	exit 2
}

SCRIPT_PATH=$0
[[ $SCRIPT_PATH == /* ]] || SCRIPT_PATH="$PWD/$SCRIPT_PATH"
readonly SCRIPT_PATH
readonly SCRIPTS_DIR=$(dirname "$SCRIPT_PATH")

usage() {
	sed -n '/^# Usage:/,/^# Environment:/p' "$SCRIPT_PATH" | sed '$d' | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[[ $PORT =~ ^[0-9]+$ ]] && ((PORT >= 1024 && PORT + 1 < 32768)) ||
	die "PGR_PGPOOL_PORT must be between 1024 and 32766 (its PCP socket uses +1), was $PORT"
[[ $CHILDREN =~ ^[0-9]+$ ]] && ((CHILDREN >= 1)) || die "PGR_PGPOOL_CHILDREN must be a positive number, was '$CHILDREN'"
[[ $START_TIMEOUT =~ ^[0-9]+$ ]] || die "PGR_START_TIMEOUT must be a number of seconds, was '$START_TIMEOUT'"
[[ $DIR == /* ]] || DIR="$PWD/$DIR"
DIR="${DIR%/}"
readonly DIR
readonly CONF=$DIR/pgpool.conf
readonly PID_FILE=$DIR/pgpool.pid
readonly LOG_FILE=$DIR/pgpool.log

# Commands run as postgres cannot use a cwd under /root.
cd /

IS_ROOT=false
[[ $EUID -eq 0 ]] && IS_ROOT=true
readonly IS_ROOT

as_pg() {
	if $IS_ROOT; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# As in pg-cluster.sh: no inherited descriptor may keep a caller (a JVM reading our output) waiting for EOF.
detached() {
	(
		local fd
		for fd in /dev/fd/*; do
			fd=${fd##*/}
			[[ $fd =~ ^[0-9]+$ ]] && ((fd > 2 && fd != 255)) && eval "exec $fd>&-"
		done
		"$@"
	) </dev/null >/dev/null 2>&1
}

# --- the cluster's endpoints and client binaries -----------------------------------------------------------------

CLUSTER_ENV=""
cluster_value() {
	[[ -n $CLUSTER_ENV ]] || CLUSTER_ENV=$("$SCRIPTS_DIR/pg-cluster.sh" env)
	sed -n "s/^$1=//p" <<<"$CLUSTER_ENV"
}

PGPOOL=""
find_pgpool() {
	local dir
	if [[ -n ${PGPOOL_BIN:-} ]]; then
		[[ -x $PGPOOL_BIN/pgpool ]] || return 1
		PGPOOL=$PGPOOL_BIN/pgpool
		return 0
	fi
	if command -v pgpool >/dev/null 2>&1; then
		PGPOOL=$(command -v pgpool)
		return 0
	fi
	for dir in /usr/sbin /usr/local/sbin /usr/local/bin; do
		if [[ -x $dir/pgpool ]]; then
			PGPOOL=$dir/pgpool
			return 0
		fi
	done
	return 1
}

# Debian's package may start its own pgpool (port 5433, /etc/pgpool2) where services are allowed to start: that one
# is stopped and disabled, as it is none of ours.
install_pgpool() {
	$IS_ROOT || die "pgpool is not installed: install Debian's 'pgpool2' package (or set PGPOOL_BIN)"
	command -v apt-get >/dev/null 2>&1 ||
		die "pgpool is not installed and apt-get is not available: install pgpool-II 4.x (or set PGPOOL_BIN)"
	log "installing Debian's pgpool2 package"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q --no-install-recommends pgpool2 </dev/null >"/tmp/r2r-pgpool-install.log" 2>&1; then
		apt-get update -q </dev/null >>"/tmp/r2r-pgpool-install.log" 2>&1 || true
		apt-get install -y -q --no-install-recommends pgpool2 </dev/null >>"/tmp/r2r-pgpool-install.log" 2>&1 ||
			{
				tail -n 20 /tmp/r2r-pgpool-install.log >&2
				die "apt-get install pgpool2 failed; see /tmp/r2r-pgpool-install.log"
			}
	fi
	if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
		systemctl disable --now pgpool2 >/dev/null 2>&1 || true
	elif [[ -x /etc/init.d/pgpool2 ]]; then
		/etc/init.d/pgpool2 stop </dev/null >/dev/null 2>&1 || true
		command -v update-rc.d >/dev/null 2>&1 && update-rc.d pgpool2 disable >/dev/null 2>&1 || true
	fi
	find_pgpool || die "pgpool is still not found after installing pgpool2"
}

# --- the configuration -------------------------------------------------------------------------------------------

write_config() {
	local p0 p1 p2
	p0=$(cluster_value PGR_PRIMARY_PORT)
	p1=$(cluster_value PGR_REPLICA1_PORT)
	p2=$(cluster_value PGR_REPLICA2_PORT)
	mkdir -p "$DIR"
	cat >"$CONF" <<EOF
# r2dbc-routing benchmark comparison: pgpool-II in front of the pg-cluster.sh cluster on $HOST:$p0 (written by
# scripts/pgpool.sh; rewritten on every 'up')
backend_clustering_mode = 'streaming_replication'
listen_addresses = '$HOST'
port = $PORT
socket_dir = '$DIR'
pcp_listen_addresses = ''
pcp_port = $PCP_PORT
pcp_socket_dir = '$DIR'
pid_file_name = '$PID_FILE'
logdir = '$DIR'
log_destination = 'stderr'
logging_collector = off
log_min_messages = warning
log_connections = off
log_statement = off
log_per_node_statement = off

# node 0 is the primary: it takes no share of load-balanced reads, as the router sends reads to replicas only
backend_hostname0 = '$HOST'
backend_port0 = $p0
backend_weight0 = 0
backend_flag0 = 'DISALLOW_TO_FAILOVER'
backend_application_name0 = 'primary'
backend_hostname1 = '$HOST'
backend_port1 = $p1
backend_weight1 = 1
backend_flag1 = 'DISALLOW_TO_FAILOVER'
backend_application_name1 = 'replica1'
backend_hostname2 = '$HOST'
backend_port2 = $p2
backend_weight2 = 1
backend_flag2 = 'DISALLOW_TO_FAILOVER'
backend_application_name2 = 'replica2'

enable_pool_hba = off
pool_passwd = 'pool_passwd'
allow_clear_text_frontend_auth = off
ssl = off

# one pgpool child per client connection; each child caches one connection to each server
num_init_children = $CHILDREN
max_pool = 1
reserved_connections = 0
child_life_time = 0
child_max_connections = 0
connection_life_time = 0
client_idle_limit = 0
connection_cache = on

# reads are balanced per statement (not per session), like the router's; after a write in a transaction its reads
# go to the primary until it ends
load_balance_mode = on
statement_level_load_balance = on
disable_load_balance_on_write = 'transaction'
allow_sql_comments = off

# no streaming-delay checks, health checks or failover: the cluster is fixed for a benchmark run
sr_check_period = 0
sr_check_user = '$APP_USER'
sr_check_password = '$APP_PASSWORD'
health_check_period = 0
failover_on_backend_error = off
failover_command = ''
search_primary_node_timeout = 10
auto_failback = off
use_watchdog = off
memory_cache_enabled = off
EOF
	printf '%s:TEXT%s\n' "$APP_USER" "$APP_PASSWORD" >"$DIR/pool_passwd"
	: >"$DIR/pcp.conf"
	: >"$DIR/pool_hba.conf"
	chmod 0700 "$DIR"
	chmod 0600 "$DIR/pool_passwd"
	if $IS_ROOT; then
		chown -R postgres:postgres "$DIR"
	fi
}

# --- the process -------------------------------------------------------------------------------------------------

# The pid in our pid file, if that process is alive and is pgpool.
pgpool_pid() {
	local pid stat comm
	[[ -r $PID_FILE ]] || return 1
	pid=$(tr -d '\0' <"$PID_FILE" 2>/dev/null | head -n 1 || true)
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	read -r stat comm < <(ps -p "$pid" -o stat= -o comm= 2>/dev/null || true) || true
	[[ ${stat:-Z} != Z* ]] || return 1
	[[ ${comm:-} == *pgpool* ]] || return 1
	printf '%s\n' "$pid"
}

psql_pgpool() {
	local bin
	bin=$(cluster_value PGR_PG_BIN)
	[[ -n $bin ]] || die "PostgreSQL client binaries not found (see scripts/pg-cluster.sh)"
	PGPASSWORD=$APP_PASSWORD PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -A -t -h "$HOST" -p "$PORT" -U "$APP_USER" \
		-d "$DB" "$@" </dev/null
}

# 'SHOW pool_nodes' through pgpool: every node up, node 0 the primary.
nodes_ready() {
	local nodes
	nodes=$(psql_pgpool -F ' ' -c 'SHOW pool_nodes' 2>/dev/null) || return 1
	[[ $(awk '$4 == "up" || $4 == "waiting" { n++ } END { print n + 0 }' <<<"$nodes") == 3 ]] || return 1
	awk '$1 == 0 { print $7 }' <<<"$nodes" | grep -qx primary
}

cmd_up() {
	find_pgpool || install_pgpool
	"$SCRIPTS_DIR/pg-cluster.sh" status >/dev/null 2>&1 ||
		die "the cluster on port $BASE_PORT is not (fully) up: run scripts/pg-cluster.sh up first"
	if pgpool_pid >/dev/null; then
		if nodes_ready; then
			log "already up on $HOST:$PORT (pid $(pgpool_pid))"
			return 0
		fi
		log "running but not answering: restarting it"
		cmd_down
	fi
	write_config
	rm -f "$PID_FILE" "$DIR/pgpool_status" "$DIR/.s.PGSQL.$PORT" "$DIR/.s.PGSQL.$PCP_PORT"
	# -n: no daemon of its own; it runs in a session of its own (setsid), in the background, writing its log to our
	# file. -D forgets node states of earlier runs (pgpool_status).
	local -a command=("$PGPOOL" -n -D -f "$CONF" -F "$DIR/pcp.conf" -a "$DIR/pool_hba.conf")
	$IS_ROOT && command=(runuser -u postgres -- "${command[@]}")
	(
		local fd
		for fd in /dev/fd/*; do
			fd=${fd##*/}
			[[ $fd =~ ^[0-9]+$ ]] && ((fd > 2 && fd != 255)) && eval "exec $fd>&-"
		done
		setsid "${command[@]}" </dev/null >>"$LOG_FILE" 2>&1 &
	) </dev/null >/dev/null 2>&1
	local deadline=$((SECONDS + START_TIMEOUT))
	until nodes_ready; do
		if ((SECONDS >= deadline)); then
			tail -n 20 "$LOG_FILE" 2>/dev/null | sed 's/^/    /' >&2 || true
			cmd_down >/dev/null 2>&1 || true
			die "pgpool did not come up on $HOST:$PORT within ${START_TIMEOUT}s; see $LOG_FILE"
		fi
		sleep 0.3
	done
	log "up on $HOST:$PORT (pid $(pgpool_pid)), $CHILDREN children, in front of the cluster on port $BASE_PORT" \
		"(config and log in $DIR)"
}

cmd_down() {
	local pid deadline
	if ! pid=$(pgpool_pid); then
		log "not running (no live pgpool in $PID_FILE)"
		return 0
	fi
	# SIGINT is pgpool's fast shutdown ('pgpool -m fast stop' sends the same)
	kill -INT "$pid" 2>/dev/null || true
	deadline=$((SECONDS + 30))
	while kill -0 "$pid" 2>/dev/null && [[ $(ps -p "$pid" -o stat= 2>/dev/null) != Z* ]]; do
		if ((SECONDS >= deadline)); then
			log "pgpool (pid $pid) did not stop in 30 s: sending SIGQUIT"
			kill -QUIT "$pid" 2>/dev/null || true
			sleep 1
			break
		fi
		sleep 0.2
	done
	log "stopped (pid $pid)"
}

cmd_status() {
	if ! pgpool_pid >/dev/null; then
		echo "pgpool    $HOST:$PORT  stopped"
		return 3
	fi
	if nodes_ready; then
		echo "pgpool    $HOST:$PORT  running (pid $(pgpool_pid)), all three nodes up"
		return 0
	fi
	echo "pgpool    $HOST:$PORT  running (pid $(pgpool_pid)), not answering or a node down"
	return 1
}

cmd_env() {
	cat <<EOF
PGR_PGPOOL_HOST=$HOST
PGR_PGPOOL_PORT=$PORT
PGR_PGPOOL_DIR=$DIR
PGR_PGPOOL_R2DBC_URL=r2dbc:postgresql://$APP_USER:$APP_PASSWORD@$HOST:$PORT/$DB
EOF
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
env) cmd_env ;;
*) usage ;;
esac
