#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL for the storage tests.
#
#   eval "$(.ci/postgres.sh)"      # prints: export REPLYDESK_TEST_PG_URL=...
#   .ci/postgres.sh stop           # stop the servers it started and delete their folders
#
# Installs Debian's postgresql when no server binaries are found. Idempotent: a second
# run finds the running server and prints the same URL. Logs go to stderr, so that
# stdout carries only the export line. Settings favour speed over durability (fsync=off).
set -euo pipefail

PORT="${REPLYDESK_PG_PORT:-54329}"
DB="${REPLYDESK_PG_DB:-replydesk_test}"
BASE="${TMPDIR:-/tmp}/replydesk-pg"

exec 3>&1 1>&2  # fd 3 is the real stdout; everything else is a log line on stderr

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  # Debian keeps the server binaries off PATH, one folder per major version.
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

install_postgres() {
  log "no PostgreSQL server binaries found; installing Debian's postgresql"
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
}

as_owner() {
  # The server refuses to run as root, so root hands the cluster to the postgres user.
  if [[ "$(id -u)" -eq 0 ]]; then
    if command -v runuser >/dev/null; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

port_busy() { (exec 4<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_port() {
  # Port of the server already running from this folder, if any.
  local dir="$1"
  [[ -f "$dir/postmaster.pid" ]] || return 0
  if as_owner "$BIN/pg_ctl" status -D "$dir" >/dev/null 2>&1; then
    sed -n 4p "$dir/postmaster.pid"
  fi
}

free_port() {
  local port="$PORT"
  while port_busy "$port"; do
    log "port $port is taken by something else; trying $((port + 1))"
    port=$((port + 1))
  done
  echo "$port"
}

init_cluster() {
  local dir="$1"
  mkdir -p "$dir"
  [[ "$(id -u)" -ne 0 ]] || chown -R postgres:postgres "$(dirname "$dir")"
  chmod 700 "$dir"
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    log "creating a cluster in $dir"
    as_owner "$BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  fi
}

start_cluster() {
  local dir="$1" port="$2"
  log "starting PostgreSQL on 127.0.0.1:$port"
  # 3>&-: the server must not inherit our stdout, or "$(.ci/postgres.sh)" never ends.
  as_owner "$BIN/pg_ctl" start -w -t 60 -D "$dir" -l "$dir/../server.log" -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
     -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
     -c max_connections=200" </dev/null >/dev/null 3>&- \
    || { tail -n 30 "$dir/../server.log"; exit 1; }
}

is_ready() {
  # is_ready PORT TRIES: poll every half second.
  local port="$1" tries="$2" i
  for i in $(seq 1 "$tries"); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && return 0
    sleep 0.5
  done
  return 1
}

clear_stale() {
  # A server killed without shutdown (the end of a session) leaves its pid file behind.
  local dir="$1"
  as_owner "$BIN/pg_ctl" stop -D "$dir" -m immediate >/dev/null 2>&1 || true
  rm -f "$dir/postmaster.pid"
}

ensure_db() {
  local port="$1" psql=("$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAq)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    log "creating database $DB"
    "${psql[@]}" -c "CREATE DATABASE \"$DB\""
  fi
}

stop_all() {
  local dir
  for dir in "$BASE"-*/data; do
    [[ -d "$dir" ]] || continue
    [[ -z "$BIN" ]] || as_owner "$BIN/pg_ctl" stop -D "$dir" -m fast >/dev/null 2>&1 || true
    rm -rf "$(dirname "$dir")"
    log "stopped and removed $(dirname "$dir")"
  done
}

BIN="$(find_bin || true)"
if [[ "${1:-}" == "stop" ]]; then
  stop_all
  exit 0
fi
if [[ -z "$BIN" ]]; then
  install_postgres
  BIN="$(find_bin)"
fi

# One folder per requested port, so a rerun finds the server even if it had to move up.
DATA="$BASE-$PORT/data"
port="$(running_port "$DATA")"
if [[ -n "$port" ]] && is_ready "$port" 10; then
  log "reusing the server already running on port $port"
else
  [[ -z "$port" ]] || log "the server on port $port does not answer; starting afresh"
  clear_stale "$DATA"
  port="$(free_port)"
  init_cluster "$DATA"
  start_cluster "$DATA" "$port"
  is_ready "$port" 60 || { log "PostgreSQL on port $port did not become ready"; exit 1; }
fi
ensure_db "$port"
echo "export REPLYDESK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/$DB" >&3
