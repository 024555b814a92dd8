#!/usr/bin/env bash
#
# pg-cluster.sh - a local PostgreSQL streaming-replication cluster for r2dbc-routing tests, demos and benchmarks:
# one primary and two hot-standby replicas on 127.0.0.1, each replica with its own physical replication slot.
#
# Usage: pg-cluster.sh COMMAND
#   up                 create (first run) or start the cluster; waits until both replicas stream. Idempotent.
#   down [--purge]     stop all nodes (fast mode); --purge also removes PGR_DATA_DIR.
#   status             print each node's state. Exit 0: all up and both replicas streaming;
#                      3: no node running; 1: anything in between.
#   stop-replica N     stop replica N (1 or 2), fast mode.
#   start-replica N    start replica N and wait until it streams again.
#   kill-replica N     stop replica N in immediate mode (crash-like; it runs recovery on the next start).
#   pause-replay N     SELECT pg_wal_replay_pause() on replica N (WAL is still received, not applied).
#   resume-replay N    SELECT pg_wal_replay_resume() on replica N.
#   env                print KEY=VALUE lines describing the endpoints (eval-able).
#
# Environment:
#   PGR_BASE_PORT      primary port; replicas use +1 and +2 (default 25432). Must keep all three below 32768.
#   PGR_DATA_DIR       where the three data directories and logs live (default /tmp/r2dbc-routing-cluster).
#   PG_BIN             directory of the server binaries; else pg_ctl on PATH, else the highest
#                      /usr/lib/postgresql/*/bin, else Homebrew's postgresql*/bin.
#   PGR_START_TIMEOUT  seconds to wait for a node to start or a replica to stream (default 60).
#
# Servers run as the OS user 'postgres' when this script runs as root (PostgreSQL refuses root), else as the
# current user. They never inherit the caller's file descriptors, so a JVM reading this script's output does
# not wait for the servers.

set -euo pipefail

readonly HOST=127.0.0.1
readonly DB=routing
readonly APP_USER=routing
readonly APP_PASSWORD=routing
readonly REPL_USER=replicator
readonly REPL_PASSWORD=replicator
readonly CONF_MARKER='# r2dbc-routing test cluster'

readonly BASE_PORT="${PGR_BASE_PORT:-25432}"
DATA_DIR="${PGR_DATA_DIR:-/tmp/r2dbc-routing-cluster}"
readonly START_TIMEOUT="${PGR_START_TIMEOUT:-60}"

log() { printf 'pg-cluster: %s\n' "$*"; }
die() {
	printf 'pg-cluster: ERROR: %s\n' "$*" >&2
	exit 2
}

SCRIPT_PATH=$0
[[ $SCRIPT_PATH == /* ]] || SCRIPT_PATH="$PWD/$SCRIPT_PATH"
readonly SCRIPT_PATH

usage() {
	sed -n '/^# Usage:/,/^# Environment:/p' "$SCRIPT_PATH" | sed '$d' | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# --- settings checks ---------------------------------------------------------------------------------------------

[[ $BASE_PORT =~ ^[0-9]+$ ]] || die "PGR_BASE_PORT must be a number, was '$BASE_PORT'"
# Ports in the ephemeral range (32768+) can be held in TIME-WAIT by earlier client sockets.
((BASE_PORT >= 1024 && BASE_PORT + 2 < 32768)) ||
	die "PGR_BASE_PORT must be between 1024 and 32765 (replicas use +1 and +2, all below 32768), was $BASE_PORT"
[[ $START_TIMEOUT =~ ^[0-9]+$ ]] || die "PGR_START_TIMEOUT must be a number of seconds, was '$START_TIMEOUT'"

[[ $DATA_DIR == /* ]] || DATA_DIR="$PWD/$DATA_DIR"
DATA_DIR="${DATA_DIR%/}"
readonly DATA_DIR
# Short on purpose: a Unix socket path is limited to about 100 bytes.
readonly SOCK_DIR="/tmp/pgr-sock-$BASE_PORT"
readonly LOCK_FILE="$DATA_DIR.lock"

# Commands run as postgres cannot use a cwd under /root.
cd /

IS_ROOT=false
[[ $EUID -eq 0 ]] && IS_ROOT=true
readonly IS_ROOT

if $IS_ROOT; then
	[[ $DATA_DIR == /root || $DATA_DIR == /root/* ]] &&
		die "PGR_DATA_DIR must be a directory the postgres user can enter, not under /root (was $DATA_DIR)"
	id postgres >/dev/null 2>&1 ||
		die "running as root needs an OS user 'postgres' to run the servers (PostgreSQL refuses to run as root)"
	command -v runuser >/dev/null 2>&1 || die "running as root needs runuser(1) to switch to the postgres user"
fi

# Runs a command as the server owner: 'postgres' when we are root, else ourselves.
as_pg() {
	if $IS_ROOT; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# --- locating the server binaries --------------------------------------------------------------------------------

readonly REQUIRED_BINARIES="initdb pg_ctl postgres pg_basebackup psql pg_isready pg_controldata"

# Follows symlinks without GNU readlink -f (macOS).
resolve_path() {
	local path=$1 target
	while [[ -L $path ]]; do
		target=$(readlink "$path")
		[[ $target == /* ]] || target="$(dirname "$path")/$target"
		path=$target
	done
	printf '%s\n' "$(cd "$(dirname "$path")" && pwd -P)/$(basename "$path")"
}

complete_bin_dir() {
	local dir=$1 binary
	for binary in $REQUIRED_BINARIES; do
		[[ -x $dir/$binary ]] || return 1
	done
}

# Highest version first among directories like /usr/lib/postgresql/15/bin or /opt/homebrew/opt/postgresql@16/bin.
versioned_dirs() {
	local dir
	for dir in "$@"; do
		if [[ -d $dir ]]; then printf '%s\n' "$dir"; fi
	done | sort -V -r
}

find_pg_bin() {
	local candidate
	if [[ -n ${PG_BIN:-} ]]; then
		complete_bin_dir "$PG_BIN" || return 1
		printf '%s\n' "${PG_BIN%/}"
		return 0
	fi
	# Symlinks on PATH (e.g. /usr/local/bin/pg_ctl) often live next to an incomplete set: use the real directory.
	local entry
	local -a path_entries
	IFS=: read -r -a path_entries <<<"${PATH:-}"
	for entry in "${path_entries[@]}"; do
		[[ -n $entry && -x $entry/pg_ctl && ! -d $entry/pg_ctl ]] || continue
		candidate=$(dirname "$(resolve_path "$entry/pg_ctl")")
		if complete_bin_dir "$candidate"; then
			printf '%s\n' "$candidate"
			return 0
		fi
	done
	while IFS= read -r candidate; do
		if complete_bin_dir "$candidate"; then
			printf '%s\n' "$candidate"
			return 0
		fi
	done < <(versioned_dirs /usr/lib/postgresql/*/bin)
	while IFS= read -r candidate; do
		if complete_bin_dir "$candidate"; then
			printf '%s\n' "$candidate"
			return 0
		fi
	done < <(versioned_dirs /opt/homebrew/opt/postgresql*/bin /usr/local/opt/postgresql*/bin)
	return 1
}

PG_BIN_DIR=""
require_pg_bin() {
	[[ -n $PG_BIN_DIR ]] && return 0
	if ! PG_BIN_DIR=$(find_pg_bin); then
		if [[ -n ${PG_BIN:-} ]]; then
			die "PG_BIN=$PG_BIN does not contain all of: $REQUIRED_BINARIES"
		fi
		die "PostgreSQL server binaries not found (looked for pg_ctl on PATH, /usr/lib/postgresql/*/bin," \
			"/opt/homebrew/opt/postgresql*/bin, /usr/local/opt/postgresql*/bin). Install the PostgreSQL server" \
			"(e.g. 'apt-get install -y postgresql' or 'brew install postgresql@15') or set PG_BIN to its bin directory."
	fi
}

# --- nodes: 0 = primary, 1 = replica1, 2 = replica2 ---------------------------------------------------------------

node_name() {
	case $1 in
	0) echo primary ;;
	*) echo "replica$1" ;;
	esac
}
node_port() { echo $((BASE_PORT + $1)); }
node_dir() { echo "$DATA_DIR/$(node_name "$1")"; }
node_log() { echo "$DATA_DIR/$(node_name "$1").log"; }

replica_arg() {
	[[ ${1:-} == 1 || ${1:-} == 2 ]] || die "replica number must be 1 or 2, was '${1:-}'"
}

# The postmaster pid from postmaster.pid, if that process is alive and is a PostgreSQL server.
node_pid() {
	local pid_file pid stat comm
	pid_file="$(node_dir "$1")/postmaster.pid"
	[[ -r $pid_file ]] || return 1
	pid=$(head -n 1 "$pid_file" 2>/dev/null || true)
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	# A crashed server leaves its pid behind, and that pid may since belong to an unrelated process; a killed
	# postmaster may also linger as a zombie where PID 1 is slow to reap orphans (containers).
	read -r stat comm < <(ps -p "$pid" -o stat= -o comm= 2>/dev/null || true) || true
	[[ ${stat:-Z} != Z* ]] || return 1
	[[ ${comm:-} == *postgres* || ${comm:-} == *postmaster* ]] || return 1
	printf '%s\n' "$pid"
}

is_running() { node_pid "$1" >/dev/null; }

is_accepting() { as_pg "$PG_BIN_DIR/pg_isready" -q -h "$SOCK_DIR" -p "$(node_port "$1")" -d postgres >/dev/null 2>&1; }

# psql_node NODE DB ARGS... : unaligned, tuples-only psql over the Unix socket as the bootstrap superuser.
psql_node() {
	local node=$1 db=$2
	shift 2
	as_pg env PGOPTIONS='-c client_min_messages=warning' "$PG_BIN_DIR/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
		-h "$SOCK_DIR" -p "$(node_port "$node")" -U postgres -d "$db" "$@"
}

# Runs a command with stdin/stdout/stderr on /dev/null and every other inherited descriptor closed. The postmaster
# outlives us: a descriptor it inherited (a caller's pipe, our lock) would keep the caller waiting for EOF forever.
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

write_as_pg() { as_pg tee "$1" >/dev/null; }
append_as_pg() { as_pg tee -a "$1" >/dev/null; }

log_tail() {
	local file
	file=$(node_log "$1")
	[[ -r $file ]] && tail -n 20 "$file" | sed 's/^/    /' >&2 || true
}

ensure_dirs() {
	mkdir -p "$DATA_DIR" "$SOCK_DIR"
	if $IS_ROOT; then
		chown postgres:postgres "$DATA_DIR" "$SOCK_DIR"
	fi
	chmod 0755 "$DATA_DIR" 2>/dev/null || true
	chmod 0775 "$SOCK_DIR" 2>/dev/null || true
	as_pg test -w "$DATA_DIR" ||
		die "the server user cannot write $DATA_DIR; choose another PGR_DATA_DIR (one every parent of which it can enter)"
	as_pg test -w "$SOCK_DIR" || die "the server user cannot write the socket directory $SOCK_DIR; remove it and retry"

	# Ports and the socket directory are written into the configuration: refuse a silently inconsistent reuse.
	local port_file="$DATA_DIR/base-port"
	if [[ -s $port_file ]]; then
		local recorded
		recorded=$(cat "$port_file")
		[[ $recorded == "$BASE_PORT" ]] ||
			die "$DATA_DIR was created with PGR_BASE_PORT=$recorded, now $BASE_PORT: use 'down --purge' or another PGR_DATA_DIR"
	else
		echo "$BASE_PORT" | write_as_pg "$port_file"
	fi
}

STARTED_ANY=false
start_node() {
	local node=$1 dir port logfile pid_file attempt
	dir=$(node_dir "$node")
	port=$(node_port "$node")
	logfile=$(node_log "$node")
	if is_running "$node"; then
		return 0
	fi
	pid_file="$dir/postmaster.pid"
	if [[ -e $pid_file ]]; then
		log "$(node_name "$node"): removing stale $pid_file"
		rm -f "$pid_file"
	fi
	rm -f "$SOCK_DIR/.s.PGSQL.$port.lock"
	mkdir -p "$SOCK_DIR" && { ! $IS_ROOT || chown postgres:postgres "$SOCK_DIR"; }

	# pg_ctl also puts the postmaster in its own session (setsid), away from the caller's signals.
	for attempt in 1 2 3; do
		if detached as_pg "$PG_BIN_DIR/pg_ctl" start -w -t "$START_TIMEOUT" -D "$dir" -l "$logfile"; then
			log "$(node_name "$node") started on $HOST:$port"
			STARTED_ANY=true
			return 0
		fi
		# After a crash, orphaned backends may hold the old shared memory for a moment.
		is_running "$node" && return 0
		sleep "$attempt"
	done
	log_tail "$node"
	die "$(node_name "$node") did not start on port $port; see $logfile"
}

stop_node() {
	local node=$1 mode=$2 dir
	dir=$(node_dir "$node")
	if ! is_running "$node"; then
		log "$(node_name "$node") is not running"
		return 0
	fi
	if ! detached as_pg "$PG_BIN_DIR/pg_ctl" stop -w -t "$START_TIMEOUT" -m "$mode" -D "$dir"; then
		log "$(node_name "$node") did not stop in $mode mode, stopping it immediately"
		detached as_pg "$PG_BIN_DIR/pg_ctl" stop -w -m immediate -D "$dir" || true
	fi
	log "$(node_name "$node") stopped ($mode)"
}

init_primary() {
	local dir
	dir=$(node_dir 0)
	if [[ -s $dir/PG_VERSION ]] && grep -qF "$CONF_MARKER" "$dir/postgresql.conf" 2>/dev/null; then
		return 0
	fi
	log "primary: initdb in $dir"
	rm -rf "$dir"
	as_pg "$PG_BIN_DIR/initdb" -D "$dir" -U postgres -E UTF8 --no-locale --no-sync \
		--auth-local=trust --auth-host=scram-sha-256 </dev/null >"$DATA_DIR/initdb.log" 2>&1 ||
		{
			tail -n 20 "$DATA_DIR/initdb.log" >&2
			die "initdb failed; see $DATA_DIR/initdb.log"
		}

	write_as_pg "$dir/pg_hba.conf" <<EOF
$CONF_MARKER
# TYPE  DATABASE     USER          ADDRESS         METHOD
local   all          all                           trust
local   replication  all                           trust
host    replication  $REPL_USER    $HOST/32    scram-sha-256
host    all          all           $HOST/32    scram-sha-256
EOF

	append_as_pg "$dir/postgresql.conf" <<EOF

$CONF_MARKER (replicas copy this file and override 'port')
listen_addresses = '$HOST'
port = $(node_port 0)
unix_socket_directories = '$SOCK_DIR'
max_connections = 300
shared_buffers = 64MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
fsync = off
synchronous_commit = on
full_page_writes = off
shared_preload_libraries = 'pg_stat_statements'
password_encryption = 'scram-sha-256'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
EOF
}

# Idempotent: roles and database, on the running primary.
setup_primary() {
	psql_node 0 postgres <<EOF >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') THEN
    CREATE ROLE $APP_USER LOGIN SUPERUSER PASSWORD '$APP_PASSWORD';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$REPL_USER') THEN
    CREATE ROLE $REPL_USER LOGIN REPLICATION PASSWORD '$REPL_PASSWORD';
  END IF;
END
\$\$;
EOF
	if [[ -z $(psql_node 0 postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]]; then
		psql_node 0 postgres -c "CREATE DATABASE $DB OWNER $APP_USER" >/dev/null
	fi
}

system_identifier() {
	as_pg "$PG_BIN_DIR/pg_controldata" "$1" 2>/dev/null | sed -n 's/^Database system identifier: *//p'
}

# Clones replica N from the primary unless a usable clone of this primary exists.
init_replica() {
	local node=$1 dir name
	dir=$(node_dir "$node")
	name=$(node_name "$node")
	if [[ -s $dir/PG_VERSION && -e $dir/standby.signal ]] &&
		grep -qF "$CONF_MARKER" "$dir/postgresql.auto.conf" 2>/dev/null &&
		[[ $(system_identifier "$dir") == "$(system_identifier "$(node_dir 0)")" ]]; then
		return 0
	fi
	is_running "$node" && stop_node "$node" immediate
	rm -rf "$dir"
	# pg_basebackup -C creates the slot; an old one goes first (its walsender may take a moment to exit).
	local attempt
	for attempt in $(seq 1 50); do
		[[ -z $(psql_node 0 postgres -c "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$name'") ]] && break
		psql_node 0 postgres -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
			WHERE slot_name = '$name' AND NOT active" >/dev/null
		sleep 0.2
	done

	log "$name: pg_basebackup from the primary (slot $name)"
	as_pg env PGPASSWORD="$REPL_PASSWORD" "$PG_BIN_DIR/pg_basebackup" -h "$HOST" -p "$(node_port 0)" \
		-U "$REPL_USER" -D "$dir" -R -X stream -C -S "$name" -c fast --no-sync \
		</dev/null >"$DATA_DIR/$name-basebackup.log" 2>&1 ||
		{
			tail -n 20 "$DATA_DIR/$name-basebackup.log" >&2
			die "pg_basebackup for $name failed; see $DATA_DIR/$name-basebackup.log"
		}
	# Later lines win: our own conninfo names the replica in pg_stat_replication (application_name).
	append_as_pg "$dir/postgresql.auto.conf" <<EOF
$CONF_MARKER
port = $(node_port "$node")
primary_conninfo = 'host=$HOST port=$(node_port 0) user=$REPL_USER password=$REPL_PASSWORD application_name=$name'
primary_slot_name = '$name'
EOF
}

# Names of replicas the primary reports as streaming, one a line.
streaming_replicas() {
	psql_node 0 postgres -c "SELECT application_name FROM pg_stat_replication
		WHERE state = 'streaming' AND application_name IN ('replica1', 'replica2') ORDER BY 1" 2>/dev/null || true
}

wait_streaming() {
	local deadline=$((SECONDS + START_TIMEOUT)) name missing
	while :; do
		missing=""
		for name in "$@"; do
			grep -qx "$name" <<<"$(streaming_replicas)" || missing="$missing $name"
		done
		[[ -z $missing ]] && return 0
		if ((SECONDS >= deadline)); then
			die "not streaming after ${START_TIMEOUT}s:$missing (see the logs in $DATA_DIR)"
		fi
		sleep 0.2
	done
}

lock() {
	command -v flock >/dev/null 2>&1 || return 0
	mkdir -p "$(dirname "$LOCK_FILE")"
	exec 9>>"$LOCK_FILE"
	flock -w 300 9 || die "another pg-cluster.sh holds $LOCK_FILE for more than 300 s"
}

# --- commands ----------------------------------------------------------------------------------------------------

cmd_up() {
	require_pg_bin
	lock
	ensure_dirs
	init_primary
	start_node 0
	setup_primary
	init_replica 1
	init_replica 2
	start_node 1
	start_node 2
	wait_streaming replica1 replica2
	psql_node 0 "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
	local what=up
	$STARTED_ANY || what="already up"
	log "$what: primary $HOST:$(node_port 0), replicas $HOST:$(node_port 1) and $HOST:$(node_port 2)," \
		"database $DB, user $APP_USER/$APP_PASSWORD (data in $DATA_DIR)"
}

cmd_down() {
	local purge=false
	case ${1:-} in
	"") ;;
	--purge) purge=true ;;
	*) die "unknown option for down: '$1' (expected --purge)" ;;
	esac
	if [[ ! -d $DATA_DIR ]]; then
		log "nothing to stop: $DATA_DIR does not exist"
		rm -rf "$SOCK_DIR"
		return 0
	fi
	require_pg_bin
	lock
	stop_node 2 fast
	stop_node 1 fast
	stop_node 0 fast
	if $purge; then
		rm -rf "$DATA_DIR" "$SOCK_DIR" "$LOCK_FILE"
		log "removed $DATA_DIR"
	fi
}

cmd_status() {
	require_pg_bin
	local node name port running=0 healthy=true state detail streaming
	streaming=""
	is_running 0 && streaming=$(streaming_replicas)
	for node in 0 1 2; do
		name=$(node_name "$node")
		port=$(node_port "$node")
		detail=""
		if ! is_running "$node"; then
			state=stopped
			healthy=false
		else
			running=$((running + 1))
			if ! is_accepting "$node"; then
				state="running, not accepting connections"
				healthy=false
			elif ((node == 0)); then
				state="running, primary"
				[[ $(psql_node 0 postgres -c "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]] ||
					{
						detail=" (unexpectedly in recovery)"
						healthy=false
					}
			else
				state="running, standby"
				if grep -qx "$name" <<<"$streaming"; then
					detail=", streaming"
				else
					detail=", NOT streaming"
					healthy=false
				fi
				[[ $(psql_node "$node" postgres -c "SELECT pg_is_wal_replay_paused()" 2>/dev/null) == t ]] &&
					detail="$detail, replay paused"
			fi
		fi
		printf '%-9s %s:%s  %s%s\n' "$name" "$HOST" "$port" "$state" "$detail"
	done
	$healthy && return 0
	((running == 0)) && return 3
	return 1
}

cmd_replica() {
	local action=$1 node=${2:-}
	replica_arg "$node"
	require_pg_bin
	case $action in
	stop)
		lock
		stop_node "$node" fast
		;;
	kill)
		lock
		stop_node "$node" immediate
		;;
	start)
		lock
		[[ -s $(node_dir 0)/PG_VERSION && -s $(node_dir "$node")/PG_VERSION ]] ||
			die "no cluster in $DATA_DIR: run 'up' first"
		is_running 0 || die "the primary is not running: run 'up' first"
		ensure_dirs
		start_node "$node"
		wait_streaming "$(node_name "$node")"
		log "$(node_name "$node") streaming"
		;;
	pause | resume)
		is_running "$node" || die "$(node_name "$node") is not running"
		psql_node "$node" postgres -c "SELECT pg_wal_replay_$action()" >/dev/null
		log "$(node_name "$node") replay ${action}d (pg_is_wal_replay_paused =" \
			"$(psql_node "$node" postgres -c "SELECT pg_is_wal_replay_paused()"))"
		;;
	esac
}

cmd_env() {
	local bin="" url_base="$APP_USER:$APP_PASSWORD@$HOST"
	bin=$(find_pg_bin 2>/dev/null || true)
	cat <<EOF
PGR_HOST=$HOST
PGR_PRIMARY_PORT=$(node_port 0)
PGR_REPLICA1_PORT=$(node_port 1)
PGR_REPLICA2_PORT=$(node_port 2)
PGR_DATABASE=$DB
PGR_USER=$APP_USER
PGR_PASSWORD=$APP_PASSWORD
PGR_REPLICATION_USER=$REPL_USER
PGR_REPLICATION_PASSWORD=$REPL_PASSWORD
PGR_DATA_DIR=$DATA_DIR
PGR_SOCKET_DIR=$SOCK_DIR
PGR_PG_BIN=$bin
PGR_PRIMARY_URL=postgresql://$url_base:$(node_port 0)/$DB
PGR_REPLICA_URLS=postgresql://$url_base:$(node_port 1)/$DB,postgresql://$url_base:$(node_port 2)/$DB
PGR_PRIMARY_R2DBC_URL=r2dbc:postgresql://$url_base:$(node_port 0)/$DB
PGR_REPLICA1_R2DBC_URL=r2dbc:postgresql://$url_base:$(node_port 1)/$DB
PGR_REPLICA2_R2DBC_URL=r2dbc:postgresql://$url_base:$(node_port 2)/$DB
PGR_PRIMARY_JDBC_URL=jdbc:postgresql://$HOST:$(node_port 0)/$DB
PGR_REPLICA1_JDBC_URL=jdbc:postgresql://$HOST:$(node_port 1)/$DB
PGR_REPLICA2_JDBC_URL=jdbc:postgresql://$HOST:$(node_port 2)/$DB
EOF
}

main() {
	local command=${1:-}
	[[ $# -gt 0 ]] && shift
	case $command in
	up) cmd_up ;;
	down) cmd_down "$@" ;;
	status) cmd_status ;;
	stop-replica) cmd_replica stop "$@" ;;
	start-replica) cmd_replica start "$@" ;;
	kill-replica) cmd_replica kill "$@" ;;
	pause-replay) cmd_replica pause "$@" ;;
	resume-replay) cmd_replica resume "$@" ;;
	env) cmd_env ;;
	-h | --help | help) usage ;;
	*) usage ;;
	esac
}

main "$@"
