# shellcheck shell=bash
# Known-vulnerable package check for ops/test. Source it; functions only, no side effects on load.
#
#   vuln_check SOLUTION    prints a verdict and returns 1 when a package (direct or transitive) has a known high or
#                          critical vulnerability; 0 when none has, or when the check could not run (said plainly)
#
# The vulnerability data comes from a source's "VulnerabilityInfo" resource (nuget.org serves it). A source that does
# not (a partial mirror, like this machine's copy of nuget.org) cannot answer "is this package vulnerable?": NuGet's
# audit and `dotnet list package --vulnerable` then stay silent, which would read as a pass. So we first look for the
# resource and, without it, print that the check could not run. HELPLINE_AUDIT_SOURCE names another service index to
# take the data from (NuGet's auditSources). The check itself is NuGet's restore audit (NuGetAuditMode=all,
# NuGetAuditLevel=high, as set in Directory.Build.props): NU1903 (high) and NU1904 (critical) fail it.

vuln_package_sources() {
  dotnet nuget list source --format short 2>/dev/null | awk '$1 ~ /^E/ { print $2 }'
}

vuln_check() {
  local solution="$1" source with_data=() candidates=() config out rc found
  if [[ -n "${HELPLINE_AUDIT_SOURCE:-}" ]]; then
    candidates=("$HELPLINE_AUDIT_SOURCE")
  else
    mapfile -t candidates < <(vuln_package_sources | grep -E '^https?://')
  fi
  for source in "${candidates[@]}"; do
    if curl -fsS -m 20 "$source" 2>/dev/null | grep -q '"VulnerabilityInfo/'; then
      with_data+=("$source")
    fi
  done

  if ((${#with_data[@]} == 0)); then
    echo "vulnerable packages: NOT CHECKED - no source serves vulnerability data (no VulnerabilityInfo in ${candidates[*]:-no source}); set HELPLINE_AUDIT_SOURCE to a service index that does (e.g. https://api.nuget.org/v3/index.json)"
    return 0
  fi

  config="$(mktemp --suffix=.config)"
  {
    echo '<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear />'
    local i=0
    while read -r source; do
      echo "<add key=\"source$((i++))\" value=\"$source\" allowInsecureConnections=\"true\" />"
    done < <(vuln_package_sources)
    echo '</packageSources><auditSources><clear />'
    for source in "${with_data[@]}"; do
      echo "<add key=\"audit$((i++))\" value=\"$source\" allowInsecureConnections=\"true\" />"
    done
    echo '</auditSources></configuration>'
  } > "$config"
  out="$(dotnet restore "$solution" --force --configfile "$config" -p:NuGetAudit=true -p:NuGetAuditMode=all -p:NuGetAuditLevel=high 2>&1)"
  rc=$?
  rm -f "$config"

  found="$(grep -oE "NU190[34]:.*" <<< "$out" | sed 's/ \[.*$//' | sort -u)"
  if [[ -n "$found" ]]; then
    echo "vulnerable packages: HIGH OR CRITICAL FOUND (data from ${with_data[*]}):"
    sed 's/^/  /' <<< "$found"
    return 1
  fi
  if ((rc != 0)); then
    echo "vulnerable packages: NOT CHECKED - the audit restore failed:"
    tail -n 5 <<< "$out" | sed 's/^/  /'
    return 0
  fi

  echo "vulnerable packages: none high or critical (data from ${with_data[*]}; low and moderate are not counted)"
  return 0
}
