# shellcheck shell=bash
# PostgreSQL helpers shared by ops/run and ops/test. Source it; functions only, no side effects on load.
#
#   pg_ensure_binaries          find (or install Debian's postgresql package) the server binaries; exports PG_BIN
#   pg_as_owner CMD...          run CMD as the postgres OS user when we are root (PostgreSQL refuses to run as root)
#   pg_ensure_cluster DIR PORT  initdb DIR if empty, start it on 127.0.0.1:PORT if stopped, wait until ready
#   pg_stop_cluster DIR         stop the cluster in DIR if it runs

pg_find_bin() {
  local dir
  if [[ -n "${HELPLINE_PG_BIN:-}" && -x "${HELPLINE_PG_BIN}/initdb" && -x "${HELPLINE_PG_BIN}/pg_ctl" ]]; then
    echo "$HELPLINE_PG_BIN"; return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then echo "$dir"; return 0; fi
  done
  dir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
  return 1
}

pg_ensure_binaries() {
  if ! PG_BIN="$(pg_find_bin)"; then
    echo "PostgreSQL server binaries not found: installing Debian's postgresql package…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # The package may start a default cluster on 5432; we run our own clusters, so stop it.
    if command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters --no-header 2>/dev/null | while read -r version name _; do
        pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
      done
    fi
    PG_BIN="$(pg_find_bin)" || { echo "PostgreSQL server binaries still missing after installing postgresql" >&2; return 1; }
  fi
  if [[ "$(id -u)" == "0" ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  export PG_BIN HELPLINE_PG_BIN="$PG_BIN"
}

pg_as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ensure_cluster() {
  local data="$1" port="$2" parent
  parent="$(cd "$(dirname "$data")" && pwd)"
  mkdir -p "$data"
  if [[ "$(id -u)" == "0" ]]; then
    chown postgres:postgres "$parent" "$data"
    chmod 700 "$data"
  fi
  if [[ ! -f "$data/PG_VERSION" ]]; then
    echo "Creating a PostgreSQL cluster in $data…"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$parent/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$parent" start >/dev/null
  fi
  local i
  for i in $(seq 1 60); do
    if "$PG_BIN/pg_isready" -h "$parent" -p "$port" -q; then return 0; fi
    sleep 1
  done
  echo "PostgreSQL did not become ready; see $parent/postgres.log" >&2
  return 1
}

pg_psql() {
  local parent="$1" port="$2"; shift 2
  pg_as_owner "$PG_BIN/psql" -h "$parent" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

pg_stop_cluster() {
  local data="$1"
  if [[ -f "$data/PG_VERSION" ]] && pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "PostgreSQL in $data stopped."
  fi
}
