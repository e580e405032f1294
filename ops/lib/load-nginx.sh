# shellcheck shell=bash
# ops/load-test --behind-nginx: nginx from the shipped sample in front of the instances the load tool starts. Source it.
#
#   load_behind_nginx ROOT PG_PORT PUBLISH ARGS...   runs the comparison; stops nginx and every process the tool
#                                                    started when it returns, fails or is interrupted

# A port nothing uses on this machine, below the range the kernel hands out to outgoing connections: a port picked in
# that range can be taken by some client's connection before nginx or an instance binds it (seen: nginx's bind() failed).
# Not in a subshell's memory: the ports already picked are passed in.
load_free_port() {
  local low port
  read -r low _ < /proc/sys/net/ipv4/ip_local_port_range
  ((low > 12000)) || low=32768
  while :; do
    port=$((10000 + RANDOM % (low - 10000)))
    [[ " $* " == *" $port "* ]] && continue
    if [[ -z "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
}

# The sample itself with this run's ports and paths; two changes for the measurement, both checked below:
# proxy_pass goes to the upstream group named by the X-Load-Upstream header (the sample's group of two instances
# when absent), and the requests of the two-instance lines are also logged apart, to count how nginx spread them.
load_nginx_config() {
  local work="$1" repo="$2" a="$3" b="$4" floor="$5" https_port="$6" http_port="$7" conf
  conf="$work/nginx/helpline.conf"
  mkdir -p "$work/nginx/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
  chmod 0600 "$work/nginx/key.pem"
  # shellcheck disable=SC2016 # $load_upstream and $load_two are nginx variables
  sed -e "s|server 127.0.0.1:5081 |server 127.0.0.1:$a |; s|server 127.0.0.1:5082 |server 127.0.0.1:$b |" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|; /listen \[::\]:443/d" \
      -e "s|listen 80;|listen 127.0.0.1:$http_port;|; /listen \[::\]:80;/d" \
      -e "s|/etc/ssl/certs/ecoute.example.fr.pem|$work/nginx/cert.pem|; s|/etc/ssl/private/ecoute.example.fr.key|$work/nginx/key.pem|" \
      -e "s|/var/log/nginx/helpline|$work/nginx/helpline|" \
      -e 's|proxy_pass http://helpline;|proxy_pass http://$load_upstream;|' \
      -e "s|^\( *\)access_log \(.*\) helpline;|&\n\1access_log $work/nginx/two.log helpline if=\$load_two;|" \
      "$repo/ops/deploy/nginx/helpline.conf" > "$conf"
  local expected
  for expected in "127.0.0.1:$a " "127.0.0.1:$b " "127.0.0.1:$https_port ssl" "$work/nginx/cert.pem" "http://\$load_upstream;" "two.log"; do
    grep -qF "$expected" "$conf" || { echo "ops/load-test: the nginx sample changed: '$expected' not found in $conf after substitution" >&2; return 1; }
  done
  # The same upstream settings as the sample's group of two (max_fails=0, keepalive 16), for one instance and for the floors.
  cat > "$work/nginx/load.conf" <<NGINX
upstream helpline_one { server 127.0.0.1:$a max_fails=0; keepalive 16; }
upstream load_floors { server 127.0.0.1:$floor max_fails=0; keepalive 16; }
map \$http_x_load_upstream \$load_upstream { default helpline; one helpline_one; two helpline; floor load_floors; }
map \$http_x_load_upstream \$load_two { default 0; two 1; }
NGINX
  local user_line=""
  if [[ "$(id -u)" == "0" ]]; then
    user_line="user www-data;"
    chown -R www-data "$work/nginx/tmp"
  fi
  cat > "$work/nginx/nginx.conf" <<NGINX
$user_line
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/load.conf;
    include $conf;
}
NGINX
  nginx -t -q -c "$work/nginx/nginx.conf"
}

load_behind_nginx() {
  local root="$1" pg_port="$2" publish="$3"; shift 3
  if ! command -v nginx >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
    [[ "$(id -u)" == "0" ]] || { echo "ops/load-test --behind-nginx: nginx and openssl are needed (apt-get install nginx-light openssl, as root)" >&2; return 1; }
    echo "installing nginx-light and openssl…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light openssl >/dev/null
  fi
  load_work="$(mktemp -d /tmp/helpline-load-nginx.XXXXXX)"
  chmod 0755 "$load_work"
  trap load_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local a b floor https_port http_port
  a="$(load_free_port)"
  b="$(load_free_port "$a")"
  floor="$(load_free_port "$a" "$b")"
  https_port="$(load_free_port "$a" "$b" "$floor")"
  http_port="$(load_free_port "$a" "$b" "$floor" "$https_port")"
  load_nginx_config "$load_work" "$root" "$a" "$b" "$floor" "$https_port" "$http_port"
  nginx -c "$load_work/nginx/nginx.conf"
  echo "nginx on https://127.0.0.1:$https_port in front of instances on $a and $b (floors on $floor); work folder $load_work"

  local output="$root/.local/load-report-instances.md" status=0
  rm -f "$output" # an earlier run's report must not pass for this one's
  # In the background, so that an interrupted script stops it at once (the trap), rather than after it ends.
  dotnet "$root/ops/load/bin/Release/net10.0/Helpline.Load.dll" \
    --db "Host=$root/.local;Port=$pg_port;Username=postgres;Database=helpline_load" \
    --server-dll "$publish/Helpline.Server.dll" --flow "$root/callflows/un-premier-pas.yaml" \
    --public "https://127.0.0.1:$https_port" --cert "$load_work/nginx/cert.pem" --instance-ports "$a,$b" \
    --floor-port "$floor" --proxy-address 127.0.0.2 --work "$load_work" --pids "$load_work/pids" \
    --output "$output" "$@" &
  load_tool=$!
  wait "$load_tool" || status=$?
  load_tool=""

  # How nginx spread the two-instance lines' requests (the first upstream each was given to).
  if [[ -f "$output" && -f "$load_work/nginx/two.log" ]]; then
    local spread
    spread="$(awk -v a="127.0.0.1:$a" -v b="127.0.0.1:$b" '{ for (i = 1; i <= NF; i++) if ($i ~ /^upstream=/) { split(substr($i, 10), u, ", "); if (u[1] == a) na++; else if (u[1] == b) nb++ } } END { printf "%d %d", na, nb }' "$load_work/nginx/two.log")"
    printf '\nnginx gave the two-instance lines'"'"' requests (warm-ups included) to the first instance %s times and to the second %s times.\n' \
      "${spread% *}" "${spread#* }" | tee -a "$output"
  fi
  return "$status"
}

# Stops the load tool if it still runs (it kills what it started on SIGTERM), then whatever it started that is left
# (the ids it recorded), then nginx; removes the work folder. Keeps the script's exit status.
load_cleanup() {
  local status=$? pid
  set +e
  if [[ -n "${load_tool:-}" ]] && kill -0 "$load_tool" 2>/dev/null; then
    kill -TERM "$load_tool"
    wait "$load_tool" 2>/dev/null
  fi
  if [[ -f "$load_work/pids" ]]; then
    while read -r pid; do
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    done < "$load_work/pids"
  fi
  if [[ -f "$load_work/nginx/nginx.pid" ]]; then
    pid="$(cat "$load_work/nginx/nginx.pid")"
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "nginx ($pid) did not stop: killing it" >&2; kill -KILL "$pid"; }
  fi
  rm -rf "$load_work"
  exit "$status"
}
