#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL for the storage tests.
#
#   eval "$(.ci/postgres.sh)"      # prints: export REPLYDESK_TEST_PG_URL=...
#   .ci/postgres.sh stop           # stop the server and delete its folder
#
# Installs Debian's postgresql when no server binaries are found. Idempotent: a second
# run finds the running server and prints the same URL. Logs go to stderr, so that
# stdout carries only the export line. Settings favour speed over durability (fsync=off).
set -euo pipefail

PORT="${REPLYDESK_PG_PORT:-54329}"
DB="${REPLYDESK_PG_DB:-replydesk_test}"
BASE="${TMPDIR:-/tmp}/replydesk-pg"

exec 3>&1 1>&2  # fd 3 is the real stdout; everything else is a log line on stderr

log() { echo "postgres.sh: $*"; }

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
  # Port of a server already running from one of our folders, if any.
  local dir
  for dir in "$BASE"-*/data; do
    [[ -f "$dir/postmaster.pid" ]] || continue
    if as_owner "$BIN/pg_ctl" status -D "$dir" >/dev/null 2>&1; then
      sed -n 4p "$dir/postmaster.pid"
      return
    fi
  done
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
  as_owner "$BIN/pg_ctl" start -w -t 60 -D "$dir" -l "$dir/../server.log" -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
     -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
     -c max_connections=200" >/dev/null || { tail -n 30 "$dir/../server.log"; exit 1; }
}

wait_ready() {
  local port="$1" i
  for i in $(seq 1 60); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && return
    sleep 0.5
  done
  log "PostgreSQL on port $port did not become ready"
  exit 1
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
    as_owner "$BIN/pg_ctl" stop -D "$dir" -m fast >/dev/null 2>&1 || true
    rm -rf "$(dirname "$dir")"
    log "stopped and removed $(dirname "$dir")"
  done
}

BIN="$(find_bin || true)"
if [[ -z "$BIN" ]]; then
  install_postgres
  BIN="$(find_bin)"
fi

if [[ "${1:-}" == "stop" ]]; then
  stop_all
  exit 0
fi

port="$(running_port || true)"
if [[ -n "$port" ]]; then
  log "reusing the server already running on port $port"
else
  port="$(free_port)"
  init_cluster "$BASE-$port/data"
  start_cluster "$BASE-$port/data" "$port"
fi
wait_ready "$port"
ensure_db "$port"
echo "export REPLYDESK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/$DB" >&3
