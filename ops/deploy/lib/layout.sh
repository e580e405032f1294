# shellcheck shell=bash
# Where the deployment kit puts things, under an installation root ("" for a real installation, a folder for a trial:
# ops/try-deployment). Source it after setting HELPLINE_ROOT; functions only, no side effects on load.
#
#   /opt/helpline/releases/<id>/   one published build each (dotnet publish, Release, ReadyToRun)
#   /opt/helpline/current          link to the release new instances start from
#   /etc/helpline/                 helpline.conf (settings), secrets.env (root:helpline 0640), callflows/, orientations.yaml
#   /etc/systemd/system/helpline@.service
#   /var/lib/helpline/<port>/      each instance's state (its journal), made by systemd (StateDirectory)
#   /var/backups/helpline/         ops/backup's dumps (root 0700)

layout_init() {
  local root="${1%/}"
  HELPLINE_ROOT="$root"
  APP_DIR="$root/opt/helpline"
  RELEASES_DIR="$APP_DIR/releases"
  CURRENT_LINK="$APP_DIR/current"
  ETC_DIR="$root/etc/helpline"
  CONF_FILE="$ETC_DIR/helpline.conf"
  SECRETS_FILE="$ETC_DIR/secrets.env"
  UNIT_DIR="$root/etc/systemd/system"
  UNIT_FILE="$UNIT_DIR/helpline@.service"
  STATE_ROOT="$root/var/lib"
  BACKUP_DIR="$root/var/backups/helpline"
  export HELPLINE_ROOT APP_DIR RELEASES_DIR CURRENT_LINK ETC_DIR CONF_FILE SECRETS_FILE UNIT_DIR UNIT_FILE STATE_ROOT BACKUP_DIR
}

# Reads KEY=value lines of an environment file (systemd's EnvironmentFile format as the kit writes it: no quotes
# needed, '#' comments, blank lines) and prints the value of KEY.
env_file_value() {
  local file="$1" key="$2" line
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ "${line%%=*}" == "$key" ]]; then
      line="${line#*=}"
      line="${line#\"}"; line="${line%\"}"
      printf '%s\n' "$line"
      return 0
    fi
  done < "$file"
  return 1
}

# Prints one libpq setting (host, port, dbname, user, password) of an Npgsql connection string (Key=Value;…, keys in
# any case, with Npgsql's aliases), or nothing.
npgsql_part() {
  local connection="$1" want="$2" pair key value
  local IFS=';'
  for pair in $connection; do
    key="$(tr '[:upper:]' '[:lower:]' <<< "${pair%%=*}" | tr -d ' ')"
    value="${pair#*=}"
    case "$key" in
      host|server) key=host ;;
      port) key=port ;;
      database|db) key=dbname ;;
      username|userid|user|uid) key=user ;;
      password|pwd) key=password ;;
      *) continue ;;
    esac
    if [[ "$key" == "$want" ]]; then printf '%s\n' "$value"; return 0; fi
  done
  return 0
}
