# shellcheck shell=bash
# ops/try-deployment's parts: the trial (try_main) and the controls the driver calls back (try_control). Source it.
# repo, reduced and keep are set by ops/try-deployment (or read from the trial's try.env by try_control).
# shellcheck disable=SC2154

row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; printf '%s  %s — %s\n' "$1" "$2" "$3"; }

# check "what is checked" "what was seen" COMMAND...: a PASS row when COMMAND succeeds, else FAIL.
check() {
  local name="$1" seen="$2"; shift 2
  if "$@"; then row PASS "$name" "$seen"; else row FAIL "$name" "$seen"; fi
}

rand() { head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }

# Sets KEY=value in an environment file (replaces the line, or appends it).
set_env() {
  local file="$1" key="$2" value="$3" tmp
  tmp="$(mktemp "$file.XXXXXX")"
  grep -v "^$key=" "$file" > "$tmp" || true
  printf '%s=%s\n' "$key" "$value" >> "$tmp"
  chmod --reference="$file" "$tmp"
  chown --reference="$file" "$tmp"
  mv -f "$tmp" "$file"
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    [[ " ${used_ports:-} " == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      used_ports="${used_ports:-} $port"
      echo "$port"
      return 0
    fi
  done
}

try_packages() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The service process the instance's unit-exec runs (its only child).
service_pid() {
  local parent="$1" stat
  for stat in /proc/[0-9]*/stat; do
    read -r -a fields < "$stat" 2>/dev/null || continue
    # fields: pid (comm) state ppid…; Helpline.Server has no space in its name.
    if [[ "${fields[3]}" == "$parent" ]]; then echo "${fields[0]}"; return 0; fi
  done
  return 1
}

try_instance_start() {
  local port="$1"
  local sock="$dir/run/notify-$port.sock" notify="$dir/run/notify-$port.log" log="$dir/logs/instance-$port.log" pid started
  if [[ -f "$dir/run/instance-$port.pid" ]] && kill -0 "$(cat "$dir/run/instance-$port.pid")" 2>/dev/null; then
    echo "instance $port is already running" >&2
    return 1
  fi
  rm -f "$sock"
  : > "$notify"
  # systemd's notification socket: what the service sends there is appended to $notify.
  (umask 000; exec socat -u "UNIX-RECV:$sock" "OPEN:$notify,append") </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/run/socat-$port.pid"
  for _ in $(seq 1 100); do [[ -S "$sock" ]] && break; sleep 0.05; done
  [[ -S "$sock" ]] || { echo "no notification socket for $port" >&2; return 1; }
  echo "== start $(date -u +%T)" >> "$log"
  started="$(date +%s%N)"
  "$repo/ops/deploy/lib/unit-exec" "$UNIT_FILE" "$port" "$STATE_ROOT" "$sock" </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/run/instance-$port.pid"
  for _ in $(seq 1 1200); do
    grep -q 'READY=1' "$notify" && break
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "instance $port exited before READY=1:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.05
  done
  grep -q 'READY=1' "$notify" || { echo "instance $port sent no READY=1 within 60 s" >&2; return 1; }
  local ready_ns=$(($(date +%s%N) - started))
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" && break
    sleep 0.1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" || { echo "instance $port is not ready (/readyz)" >&2; tail -n 20 "$log" >&2; return 1; }
  echo "instance $port started: release $(try_release "$port"), READY=1 after $((ready_ns / 1000000)) ms"
  printf 'ready-seconds=%d.%03d\n' $((ready_ns / 1000000000)) $(((ready_ns / 1000000) % 1000))
}

try_instance_stop() {
  local port="$1" signal="$2"
  local pidfile="$dir/run/instance-$port.pid" pid child _
  if [[ ! -f "$pidfile" ]]; then echo "instance $port is not running"; return 0; fi
  pid="$(cat "$pidfile")"
  if [[ "$signal" == KILL ]]; then
    child="$(service_pid "$pid")" && kill -KILL "$child"
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
  for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then echo "instance $port did not stop within 40 s" >&2; return 1; fi
  local stopping="no"
  grep -q 'STOPPING=1' "$dir/run/notify-$port.log" && stopping="yes"
  if [[ -f "$dir/run/socat-$port.pid" ]]; then kill "$(cat "$dir/run/socat-$port.pid")" 2>/dev/null || true; rm -f "$dir/run/socat-$port.pid"; fi
  rm -f "$pidfile"
  echo "instance $port stopped (SIG$signal, STOPPING=1 sent: $stopping)"
}

try_release() {
  local pid child
  pid="$(cat "$dir/run/instance-$1.pid")"
  child="$(service_pid "$pid")" || { echo "(not running)"; return 0; }
  basename "$(readlink "/proc/$child/cwd")"
}

try_stop_all() {
  local pidfile
  for pidfile in "$dir"/run/instance-*.pid; do
    [[ -f "$pidfile" ]] || continue
    pidfile="${pidfile##*/instance-}"
    try_instance_stop "${pidfile%.pid}" TERM || true
  done
}

try_control() {
  dir="$1"; shift
  # shellcheck source=/dev/null
  source "$dir/try.env"
  layout_init "$root"
  case "$1" in
    start) try_instance_start "$2" ;;
    stop) try_instance_stop "$2" TERM ;;
    kill) try_instance_stop "$2" KILL ;;
    release) try_release "$2" ;;
    upgrade)
      local from=()
      ((reduced)) && from=(--from "$build1")
      "$repo/ops/install" --root "$root" "${from[@]}" --flows replace --flows-from "$dir/flows-v2" >> "$dir/logs/install-2.log" 2>&1 \
        || { tail -n 5 "$dir/logs/install-2.log" >&2; return 1; }
      echo "installed release $(basename "$(readlink -f "$CURRENT_LINK")") with flow version 2 ($( ((reduced)) && echo "the first build copied" || echo "a second publish"))" ;;
    backup) "$CURRENT_LINK/ops/backup" --root "$root" --keep 2 ;;
    backups) find "$BACKUP_DIR" -maxdepth 1 -name 'helpline-*.dump' -printf '%f\n' | sort -r ;;
    destroy-database)
      try_stop_all >/dev/null
      pg_psql "$dir/pg" "$pg_port" -c "drop database helpline"
      echo "every instance stopped, database helpline dropped" ;;
    restore) "$CURRENT_LINK/ops/restore" --root "$root" --admin-host "$dir/pg" "$BACKUP_DIR/$2" ;;
    *) echo "unknown control $1" >&2; return 2 ;;
  esac
}

try_nginx() {
  local conf="$dir/nginx/helpline.conf"
  mkdir -p "$dir/tls" "$dir/nginx/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>/dev/null
  chmod 0600 "$dir/tls/key.pem"
  # The sample itself, with this trial's ports, names and paths.
  sed -e "s|server 127.0.0.1:5081 |server 127.0.0.1:$A |; s|server 127.0.0.1:5082 |server 127.0.0.1:$B |" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|; /listen \[::\]:443/d" \
      -e "s|listen 80;|listen 127.0.0.1:$http_port;|; /listen \[::\]:80;/d" \
      -e "s|server_name ecoute.example.fr;|server_name localhost;|" \
      -e "s|/etc/ssl/certs/ecoute.example.fr.pem|$dir/tls/cert.pem|; s|/etc/ssl/private/ecoute.example.fr.key|$dir/tls/key.pem|" \
      -e "s|/var/log/nginx/helpline|$dir/nginx/helpline|" \
      "$repo/ops/deploy/nginx/helpline.conf" > "$conf"
  cat > "$dir/nginx/nginx.conf" <<NGINX
user www-data;
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $dir/nginx/tmp/body;
    proxy_temp_path $dir/nginx/tmp/proxy;
    fastcgi_temp_path $dir/nginx/tmp/fastcgi;
    uwsgi_temp_path $dir/nginx/tmp/uwsgi;
    scgi_temp_path $dir/nginx/tmp/scgi;
    include $conf;
}
NGINX
  chown -R www-data "$dir/nginx/tmp"
  local out
  if out="$(nginx -t -c "$dir/nginx/nginx.conf" 2>&1)"; then
    row PASS "nginx -t accepts ops/deploy/nginx/helpline.conf (ports and paths substituted)" "nginx $(nginx -v 2>&1 | sed 's|.*/||')"
  else
    row FAIL "nginx -t accepts ops/deploy/nginx/helpline.conf" "$(tail -n 2 <<< "$out")"
    return 1
  fi
  nginx -c "$dir/nginx/nginx.conf"
}

try_cleanup() {
  local status=$?
  set +e
  if [[ -n "${dir:-}" && -f "$dir/try.env" ]]; then
    try_stop_all >/dev/null 2>&1
    [[ -f "$dir/nginx/nginx.pid" ]] && kill -QUIT "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null
    pg_stop_cluster "$dir/pg/data" >/dev/null 2>&1
  fi
  if [[ -n "${results:-}" && -f "$results" ]]; then
    [[ "$status" != 0 && "${finished:-0}" != 1 ]] && row FAIL "ops/try-deployment ran to the end" "stopped early (exit $status); logs in $dir/logs"
    echo
    echo "What held (ops/try-deployment$( ((reduced)) && echo " --reduced"), $((SECONDS - ${started:-0})) s):"
    awk -F'\t' '{ printf "| %-4s | %s | %s |\n", $1, $2, $3 }' "$results"
    local passed failed
    passed="$(grep -c '^PASS' "$results")" failed="$(grep -c '^FAIL' "$results")"
    echo "try-deployment: $passed passed, $failed failed"
    [[ -n "${results_out:-}" ]] && cp "$results" "$results_out"
    [[ "$failed" == 0 ]] || status=1
  fi
  if [[ -n "${dir:-}" ]]; then
    if ((keep)); then echo "kept $dir"; else rm -rf "$dir"; fi
  fi
  exit "$status"
}

try_main() {
  started=$SECONDS
  try_packages
  pg_ensure_binaries >/dev/null
  dir="$(mktemp -d /tmp/helpline-try.XXXXXX)"
  chmod 0755 "$dir"
  root="$dir/root"
  results="$dir/results.tsv"
  mkdir -p "$dir/logs" "$dir/run"
  : > "$results"
  trap try_cleanup EXIT
  A="$(free_port)" B="$(free_port)" C="$(free_port)" https_port="$(free_port)" http_port="$(free_port)"
  standin="$(free_port)" pg_port="$(free_port)"
  layout_init "$root"
  echo "Trial in $dir (instances on $A and $B, nginx on https://localhost:$https_port)"

  local t=$SECONDS
  "$repo/ops/install" --root "$root" > "$dir/logs/install-1.log" 2>&1 || { row FAIL "ops/install into a throwaway root" "$(tail -n 3 "$dir/logs/install-1.log")"; return 1; }
  build1="$(readlink -f "$CURRENT_LINK")"
  row PASS "ops/install into a throwaway root: publish (Release, ReadyToRun), user, settings, secrets, flows, unit" "$((SECONDS - t)) s, release $(basename "$build1")"
  cat > "$dir/try.env" <<ENV
repo='$repo' dir='$dir' root='$root' A=$A B=$B C=$C https_port=$https_port http_port=$http_port
standin=$standin pg_port=$pg_port reduced=$reduced build1='$build1' PG_BIN='$PG_BIN'
ENV

  dotnet build "$repo/ops/deploy/driver" -c Release -v q -nologo > "$dir/logs/driver-build.log" 2>&1 \
    || { row FAIL "the trial's driver builds" "$(tail -n 3 "$dir/logs/driver-build.log")"; return 1; }
  local driver="$repo/ops/deploy/driver/bin/Release/net10.0/Helpline.DeploymentDriver.dll" out
  if out="$(dotnet "$driver" --is-ready-to-run "$CURRENT_LINK/Helpline.Server.dll")"; then
    row PASS "the published service is ReadyToRun-compiled" "$out"
  else
    row FAIL "the published service is ReadyToRun-compiled" "$out"
  fi
  check "system user helpline: no login shell, no home" "$(getent passwd helpline | cut -d: -f6,7)" \
    test "$(getent passwd helpline | cut -d: -f6,7)" == "/nonexistent:/usr/sbin/nologin"
  local mode
  mode="$(stat -c '%a %U:%G' "$SECRETS_FILE")"
  check "secrets.env readable by the service's user and root only" "$mode; helpline reads it, nobody cannot" \
    bash -c "[[ '$mode' == '640 root:helpline' ]] && runuser -u helpline -- test -r '$SECRETS_FILE' && ! runuser -u nobody -- test -r '$SECRETS_FILE'"
  check "the release is read-only for the service's user" "helpline cannot write $build1" \
    bash -c "! runuser -u helpline -- test -w '$build1' && ! runuser -u helpline -- test -w '$build1/Helpline.Server.dll'"

  mkdir -p "$dir/verify"
  cp "$UNIT_FILE" "$dir/verify/helpline@$A.service"
  if out="$(cd "$dir/verify" && systemd-analyze verify "helpline@$A.service" 2>&1)" && [[ -z "$out" ]]; then
    row PASS "systemd-analyze verify helpline@.service (as helpline@$A)" "no warning ($(systemd-analyze --version | head -n 1))"
  else
    row FAIL "systemd-analyze verify helpline@.service" "$out"
  fi
  out="$(systemd-analyze security --offline=true --no-pager "$dir/verify/helpline@$A.service" 2>&1 | grep -o 'Overall exposure level.*' || true)"
  check "systemd-analyze security: exposure under 2.0 (hardening)" "$out" \
    awk -v line="$out" 'BEGIN { n = split(line, w, " "); for (i = 1; i <= n; i++) if (w[i] ~ /^[0-9]+\.[0-9]+$/) exit !(w[i] + 0 < 2.0); exit 1 }'

  # PostgreSQL 15, run as postgres; the service's role with the password ops/install generated.
  mkdir -p "$dir/pg"
  pg_ensure_cluster "$dir/pg/data" "$pg_port" > "$dir/logs/postgres-init.log"
  local password
  password="$(npgsql_part "$(env_file_value "$SECRETS_FILE" ConnectionStrings__Helpline)" password)"
  set_env "$SECRETS_FILE" ConnectionStrings__Helpline "Host=127.0.0.1;Port=$pg_port;Database=helpline;Username=helpline;Password=$password"
  pg_psql "$dir/pg" "$pg_port" -c "create role helpline login password '$password'"
  pg_psql "$dir/pg" "$pg_port" -c "create database helpline owner helpline"

  # The trial's settings: its public URL, the stand-in provider, one social worker, a supervisor account.
  set_env "$CONF_FILE" Helpline__PublicBaseUrl "https://localhost:$https_port"
  set_env "$CONF_FILE" Helpline__Twilio__AccountSid "AC00000000000000000000000000000000"
  set_env "$CONF_FILE" Helpline__Twilio__ApiBaseUrl "http://127.0.0.1:$standin"
  set_env "$CONF_FILE" Helpline__Routing__Workers__0__Name "Écoutante essai"
  set_env "$CONF_FILE" Helpline__Routing__Workers__0__Phone "+33600000001"
  set_env "$CONF_FILE" Helpline__Routing__WrapUpSeconds 0
  # The trial keeps a caller waiting for a minute or two with its only worker paused (the rolling upgrade): with the
  # default 30 s the caller would rightly go to the overflow (3919) first.
  set_env "$CONF_FILE" Helpline__Routing__NobodyCanComeSeconds 600
  local auth
  auth="$(rand 40)"
  set_env "$SECRETS_FILE" Helpline__Twilio__AuthToken "$auth"
  set_env "$SECRETS_FILE" Helpline__Dashboard__Accounts__0__Login chef
  set_env "$SECRETS_FILE" Helpline__Dashboard__Accounts__0__Role supervisor
  set_env "$SECRETS_FILE" Helpline__Dashboard__Accounts__0__Password "$(rand 24)"
  # A third instance of the same unit with no public URL: the forwarded-header checks need one that reads it from requests.
  echo "Helpline__PublicBaseUrl=" > "$ETC_DIR/instance-$C.env"

  # Flow version 2, deployed with the new build during the rolling upgrade: its whisper says so.
  cp -r "$repo/callflows" "$dir/flows-v2"
  sed -i "s/whisper: \"Appel de la ligne d'écoute\. /whisper: \"Appel de la ligne d'écoute, nouvelle version. /" "$dir/flows-v2/un-premier-pas.yaml"
  grep -q "nouvelle version" "$dir/flows-v2/un-premier-pas.yaml" || { row FAIL "flow version 2 prepared" "the whisper line was not found"; return 1; }

  try_nginx

  HELPLINE_TRY_AUTH_TOKEN="$auth" \
  HELPLINE_TRY_ADMIN_TOKEN="$(env_file_value "$SECRETS_FILE" Helpline__AdminToken)" \
  HELPLINE_TRY_DATABASE="$(env_file_value "$SECRETS_FILE" ConnectionStrings__Helpline)" \
    dotnet "$driver" --public "https://localhost:$https_port" --cert "$dir/tls/cert.pem" --instances "$A,$B" \
      --trusted-only "$C" --proxy-address 127.0.0.2 --standin "$standin" \
      --control "'$repo/ops/try-deployment' --control '$dir'" --results "$results" > "$dir/logs/driver.log" 2>&1 || true
  grep -E '^(PASS|FAIL)' "$dir/logs/driver.log" | sed 's/\t/  /; s/\t/ — /' || true

  # Which instance nginx gave each request to.
  local spread
  spread="$(awk -v a="127.0.0.1:$A" -v b="127.0.0.1:$B" '{ for (i = 1; i <= NF; i++) if ($i ~ /^upstream=/) { split(substr($i, 10), u, ", "); if (u[1] == a) na++; else if (u[1] == b) nb++ } } END { printf "%d %d", na, nb }' "$dir/nginx/helpline.access.log")"
  check "nginx spread the requests over both instances" "instance $A: ${spread% *}, instance $B: ${spread#* } requests" \
    test "${spread% *}" -gt 0 -a "${spread#* }" -gt 0
  check "nginx's access log has no query string (the worker's leg URL carries their number)" "$(wc -l < "$dir/nginx/helpline.access.log") lines" \
    bash -c "! grep -q '?' '$dir/nginx/helpline.access.log'"

  try_stop_all > /dev/null
  kill -QUIT "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null || true
  rm -f "$dir/nginx/nginx.pid"
  "$repo/ops/uninstall" --root "$root" --purge > "$dir/logs/uninstall.log" 2>&1
  check "ops/uninstall --purge leaves nothing of the kit in the root" "$(find "$root" -mindepth 1 -not -type d | wc -l) files left" \
    test -z "$(find "$root" -mindepth 1 -not -type d)"
  finished=1
}
