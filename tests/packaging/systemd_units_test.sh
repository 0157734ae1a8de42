#!/usr/bin/env bash
# Checks the sweep's systemd units and their companions in packaging/systemd
# the way an installation meets them, without a running systemd:
#   1. `systemd-analyze verify` on copies of the service and the timer whose
#      ExecStart points at the built vakspiegel-cli (verify checks that the
#      binary exists): any remark about the units fails the test;
#   2. `systemd-analyze security --offline`: the sandbox stays tight;
#   3. sysusers.d and tmpfiles.d applied to a scratch root: the system user
#      `vakspiegel` without a login shell, /var/lib/vakspiegel 2770 owned by it
#      (needs root to chown; CI runs as root);
#   4. no library of vakspiegel-cli that MemoryDenyWriteExecute=yes would
#      refuse to load (text relocations, an executable stack).
# Exits 77 (ctest's SKIP_RETURN_CODE) only when systemd-analyze is missing.
set -euo pipefail

units=${1:?usage: systemd_units_test.sh UNITS_DIR VAKSPIEGEL_CLI}
cli=${2:?usage: systemd_units_test.sh UNITS_DIR VAKSPIEGEL_CLI}

if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is missing (Debian package systemd, see packaging/debian-packages.txt)"
  exit 77
fi
[[ -x $cli ]] || { echo "FAIL: $cli is not an executable"; exit 1; }
cli=$(realpath "$cli")  # ExecStart= takes absolute paths only

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  printf 'FAIL: %s\n' "$*"
  failures=$((failures + 1))
}

# Exposure on systemd-analyze's 0-100 scale (printed as 0.0-10.0); the unit
# scores 0.2 with systemd 252. Above 1.0 something that matters was dropped.
max_exposure=10

service=vakspiegel-sweep.service
timer=vakspiegel-sweep.timer
installed_exec='ExecStart=/usr/bin/vakspiegel-cli --vault /var/lib/vakspiegel/vault sweep'
grep -qxF "$installed_exec" "$units/$service" || fail "$service does not say: $installed_exec"

# 1. verify, against the built binary.
mkdir "$tmp/units"
cp "$units/$service" "$units/$timer" "$tmp/units/"
sed -i "s|^ExecStart=/usr/bin/vakspiegel-cli |ExecStart=$cli |" "$tmp/units/$service"
if ! verify=$(cd "$tmp/units" && systemd-analyze verify --man=no "$tmp/units/$service" "$tmp/units/$timer" 2>&1); then
  fail "systemd-analyze verify exited non-zero"
fi
# Lines about other units of this machine are not ours to fix.
if remarks=$(grep -F -e "$service" -e "$timer" <<<"$verify"); then
  fail "systemd-analyze verify has remarks about the units:"
  sed 's/^/  /' <<<"$remarks"
fi

# 2. The sandbox.
if ! security=$(cd "$tmp/units" && systemd-analyze security --offline=true --threshold="$max_exposure" \
  "$tmp/units/$service" 2>&1); then
  fail "the service's exposure is above $max_exposure/100:"
  { grep -v '^✓' <<<"$security" || true; } | sed 's/^/  /'
fi

# 3. The system user and the vault's parent directory, in a scratch root.
if [[ $(id -u) -eq 0 ]]; then
  root=$tmp/root
  mkdir -p "$root/etc" "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d"
  cp "$units/sysusers.d/vakspiegel.conf" "$root/usr/lib/sysusers.d/"
  cp "$units/tmpfiles.d/vakspiegel.conf" "$root/usr/lib/tmpfiles.d/"
  systemd-sysusers --root="$root" >/dev/null 2>&1 || fail "systemd-sysusers refused sysusers.d/vakspiegel.conf"
  user=$(grep '^vakspiegel:' "$root/etc/passwd" || true)
  [[ -n $user ]] || fail "sysusers.d/vakspiegel.conf made no user vakspiegel"
  [[ $user == *:/usr/sbin/nologin ]] || fail "the user vakspiegel can log in: $user"
  grep -q '^vakspiegel:' "$root/etc/group" || fail "sysusers.d/vakspiegel.conf made no group vakspiegel"
  uid=$(cut -d: -f3 <<<"$user")
  gid=$(cut -d: -f4 <<<"$user")
  (( uid > 0 && uid < 1000 )) || fail "vakspiegel is not a system user (uid $uid)"
  systemd-tmpfiles --root="$root" --create >/dev/null 2>&1 || fail "systemd-tmpfiles refused tmpfiles.d/vakspiegel.conf"
  made=$(stat -c '%a %u %g' "$root/var/lib/vakspiegel" 2>/dev/null || echo missing)
  [[ $made == "2770 $uid $gid" ]] || fail "/var/lib/vakspiegel is '$made', not '2770 $uid $gid'"
else
  echo "NOTE: not root, so sysusers.d and tmpfiles.d were not applied (CI runs them as root)"
fi

# 4. MemoryDenyWriteExecute=yes refuses to map code that must be written to.
command -v readelf >/dev/null || fail "readelf (binutils) is missing"
mapfile -t objects < <(printf '%s\n' "$cli"; ldd "$cli" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
# One readelf for all, which names each file before its headers.
refused=$(readelf -dlW "${objects[@]}" 2>/dev/null |
  awk '/^File: / { file = $2 } /TEXTREL/ { print file ": text relocations" }
       /GNU_STACK/ && /RWE/ { print file ": an executable stack" }' | sort -u)
if [[ -n $refused ]]; then
  fail "MemoryDenyWriteExecute=yes would refuse to load:"
  sed 's/^/  /' <<<"$refused"
fi

if (( failures > 0 )); then
  echo "$failures problem(s) with the systemd units"
  exit 1
fi
echo "The sweep's systemd units verify cleanly (exposure at most $max_exposure/100)"
