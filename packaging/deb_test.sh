#!/usr/bin/env bash
# The Debian package as a municipality's IT department meets it: builds it
# with CPack from a Release build, lints it, installs it with apt-get, uses
# it as the workstation users and the sweep would (the system vault, a
# generated recording, the sweep as the system user, a user outside the
# group, the window under Xvfb from the installed files), then purges it and
# checks that what is left is exactly what the package description promises:
# the vault, and the system user and group. A second round purges at once and
# leaves nothing.
#
# It changes the system (a package, users, /var/lib/vakspiegel), so it runs
# in CI (CI=true) or when asked (VAKSPIEGEL_DEB_TEST=1); it refuses to start
# where a vault or the package already is, and removes what it made.
# Usage: packaging/deb_test.sh BUILD_DIR   (as root, or with sudo)
set -euo pipefail
build=$(cd "${1:?usage: deb_test.sh BUILD_DIR}" && pwd)
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

say() { printf '\n== deb: %s\n' "$*" >&2; }
fail() {
  printf 'FAIL (deb): %s\n' "$*" >&2
  exit 1
}
root() { "${as_root[@]}" "$@"; }

km=vs-test-km         # a workstation user in the group vakspiegel
outsider=vs-test-buiten  # one who is not
vault=/var/lib/vakspiegel/vault
admin_password=beheer-wachtwoord-test
km_password=km-wachtwoord-test

# Refuse to touch a real installation.
if dpkg-query -W -f='${Status}' vakspiegel 2>/dev/null | grep -q 'install ok'; then
  fail "the package vakspiegel is installed here already; this test installs and purges it"
fi
[ ! -e /var/lib/vakspiegel ] || fail "/var/lib/vakspiegel exists already; this test would change it"
had_system_user=false
getent passwd vakspiegel >/dev/null && had_system_user=true

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
  root apt-get purge -y -q vakspiegel >/dev/null 2>&1 || true
  root rm -rf /var/lib/vakspiegel
  for user in "$km" "$outsider"; do root userdel -r "$user" >/dev/null 2>&1 || true; done
  if [ "$had_system_user" = false ]; then
    root userdel vakspiegel >/dev/null 2>&1 || true
    root groupdel vakspiegel >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "CPack"
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/packages/vakspiegel_"$(sed -n 's/^project(vakspiegel VERSION \([0-9.]*\).*/\1/p' \
  "$(dirname "$0")/../CMakeLists.txt")"-*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no package (or more than one): ${debs[*]}"
cp "${debs[0]}" "$work/"
deb=$work/$(basename "${debs[0]}")
dpkg-deb -I "$deb" | sed -n 's/^ \(Package\|Version\|Depends\|Recommends\|Installed-Size\):/   \1:/p' >&2

say "lintian (errors and warnings fail; overrides in packaging/debian/lintian-overrides)"
lintian --fail-on error,warning --display-info "$deb" 2> >(grep -v 'root privileges' >&2) ||
  fail "lintian found errors or warnings"

apt_install() {
  root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" 2>&1
}

say "Round 1: install, then purge at once: nothing is left"
apt_install >"$work/install1.log" || { cat "$work/install1.log"; fail "apt-get install failed"; }
root apt-get purge -y -q vakspiegel >"$work/purge1.log" 2>&1 || { cat "$work/purge1.log"; fail "purge failed"; }
[ ! -e /var/lib/vakspiegel ] || fail "a purge without a vault left /var/lib/vakspiegel"
! grep -q 'KEPT' "$work/purge1.log" || fail "a purge without a vault says it kept one"

say "Round 2: install"
apt_install >"$work/install2.log" || { cat "$work/install2.log"; fail "apt-get install failed"; }
grep -q 'there is no vault yet' "$work/install2.log" || fail "the installation does not say how to create the vault"
vakspiegel-cli version >&2 || fail "vakspiegel-cli version failed"
for file in /usr/bin/vakspiegel /usr/bin/vakspiegel-cli /lib/systemd/system/vakspiegel-sweep.service \
  /lib/systemd/system/vakspiegel-sweep.timer /usr/lib/sysusers.d/vakspiegel.conf \
  /usr/lib/tmpfiles.d/vakspiegel.conf /usr/share/applications/nl.vakspiegel.Vakspiegel.desktop \
  /usr/share/metainfo/nl.vakspiegel.Vakspiegel.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/nl.vakspiegel.Vakspiegel.svg \
  /usr/share/icons/hicolor/48x48/apps/nl.vakspiegel.Vakspiegel.png /usr/share/doc/vakspiegel/copyright \
  /usr/share/doc/vakspiegel/README.Debian; do
  [ -f "$file" ] || fail "$file was not installed"
done
desktop-file-validate /usr/share/applications/nl.vakspiegel.Vakspiegel.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net --strict /usr/share/metainfo/nl.vakspiegel.Vakspiegel.metainfo.xml >/dev/null ||
  fail "appstreamcli validate"
[ "$(man -w vakspiegel-cli)" = /usr/share/man/man1/vakspiegel-cli.1.gz ] || fail "man vakspiegel-cli finds no page"
[ "$(man -L nl -w vakspiegel-cli)" = /usr/share/man/nl/man1/vakspiegel-cli.1.gz ] || fail "no Dutch man page"

passwd_line=$(getent passwd vakspiegel) || fail "no system user vakspiegel"
[[ $passwd_line == *:/usr/sbin/nologin ]] || fail "the user vakspiegel can log in: $passwd_line"
getent group vakspiegel >/dev/null || fail "no group vakspiegel"
[ "$(stat -c '%a %U %G' /var/lib/vakspiegel)" = "2770 vakspiegel vakspiegel" ] ||
  fail "/var/lib/vakspiegel is $(stat -c '%a %U %G' /var/lib/vakspiegel), not 2770 vakspiegel vakspiegel"
[ -L /etc/systemd/system/timers.target.wants/vakspiegel-sweep.timer ] || fail "the sweep's timer is not enabled"
verify=$(systemd-analyze verify --man=no /lib/systemd/system/vakspiegel-sweep.service \
  /lib/systemd/system/vakspiegel-sweep.timer 2>&1) || fail "systemd-analyze verify: $verify"
if grep -F 'vakspiegel-sweep' <<<"$verify"; then fail "systemd-analyze verify has remarks about the units"; fi

say "The system vault, as the workstation users and the sweep use it"
root useradd --create-home --shell /bin/bash "$km"
root usermod -a -G vakspiegel "$km"
root useradd --create-home --shell /bin/bash "$outsider"
as_user() {  # as_user USER CMD...: a login-like environment, Dutch
  local user=$1
  shift
  root runuser -u "$user" -- env -i PATH=/usr/bin:/bin HOME="$(getent passwd "$user" | cut -d: -f6)" \
    LANG=C.UTF-8 ${DISPLAY:+DISPLAY=$DISPLAY} "$@"
}
# Before the vault exists, a workstation user is told which command makes it.
set +e
missing=$(as_user "$km" vakspiegel-cli --user km.test recordings list 2>&1)
code=$?
set -e
[ "$code" -eq 66 ] || fail "without a vault the exit code is $code: $missing"
grep -qF 'sudo runuser -u vakspiegel -- vakspiegel-cli init --admin' <<<"$missing" ||
  fail "without a vault the user is not told how to make one: $missing"
# The administrator's first step (README.Debian): no --vault, the system vault is the default.
printf '%s\n' "$admin_password" | as_user vakspiegel vakspiegel-cli --password-stdin init --admin beheerder \
  --password-cost interactive >&2 || fail "init of the system vault failed"
printf '%s\n%s\n' "$admin_password" "eenmalig-$km_password" |
  as_user "$km" vakspiegel-cli --password-stdin --user beheerder user add km.test --role klantmanager >/dev/null ||
  fail "the administrator could not add a klantmanager"
printf '%s\n%s\n%s\n' "eenmalig-$km_password" "eenmalig-$km_password" "$km_password" |
  as_user "$km" vakspiegel-cli --password-stdin --user km.test user passwd >/dev/null ||
  fail "the klantmanager could not choose a password"
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440 \
  -t 4 -c:v libx264 -pix_fmt yuv420p -c:a aac "$work/gesprek.mp4"
chmod 644 "$work/gesprek.mp4"
imported=$(printf '%s\n' "$km_password" | as_user "$km" vakspiegel-cli --password-stdin --user km.test \
  import "$work/gesprek.mp4" --scopes self_review --method verbal --recorded-at now) ||
  fail "the klantmanager could not import a recording"
grep -q 'Intrekcode: VS-' <<<"$imported" || fail "the import printed no withdrawal code: $imported"
wrong=$(root find "$vault" \( -type f ! -perm -0660 \) -o \( -type d ! -perm -2770 \) -o ! -group vakspiegel)
[ -z "$wrong" ] || fail "files in the vault the group cannot use: $wrong"
[ -z "$(root find "$vault" -perm /0007)" ] || fail "files in the vault open to others"

# The sweep as its service runs it (User=vakspiegel), on files the klantmanager made.
as_user vakspiegel vakspiegel-cli --vault "$vault" sweep >&2 || fail "the sweep as the user vakspiegel failed"
listed=$(printf '%s\n' "$km_password" | as_user "$km" vakspiegel-cli --password-stdin --user km.test recordings list) ||
  fail "the klantmanager cannot list their recordings after the sweep"
grep -q 'VS-' <<<"$listed" || fail "the recording is gone after the sweep: $listed"

# Outside the group: what to ask the IT department, not a permission error.
set +e
refused=$(printf '%s\n' "$km_password" |
  as_user "$outsider" vakspiegel-cli --password-stdin --user km.test recordings list 2>&1)
code=$?
set -e
[ "$code" -eq 77 ] || fail "a user outside the group got exit code $code: $refused"
grep -qF "sudo adduser $outsider vakspiegel" <<<"$refused" || fail "a user outside the group is not told what to do: $refused"
grep -q 'IT-afdeling' <<<"$refused" || fail "the message is not Dutch: $refused"

say "The window from the installed files, under Xvfb"
cat >"$work/window.sh" <<'EOT'
#!/bin/bash
# Starts the installed window, waits for the Dutch login window, stops it.
vakspiegel --no-sound >>"$1" 2>&1 &
pid=$!
for _ in $(seq 100); do
  if xdotool search --name '^Vakspiegel – Aanmelden$' >/dev/null 2>&1; then
    echo found >>"$1"
    break
  fi
  sleep 0.2
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit 0
EOT
chmod 755 "$work/window.sh"
root install -d -m 1777 /tmp/.X11-unix  # xvfb-run as a user cannot make it
touch "$work/window.log"
chmod 666 "$work/window.log"
as_user "$km" xvfb-run -a -s '-screen 0 1366x768x24' "$work/window.sh" "$work/window.log" ||
  fail "xvfb-run failed"
grep -q '^found$' "$work/window.log" || { cat "$work/window.log"; fail "no Dutch login window (Vakspiegel – Aanmelden)"; }
if grep -iE 'could not (load|find) the qt platform plugin|no qtmultimedia backends|failed to load' "$work/window.log"; then
  fail "the window lacks a Qt plugin"
fi

say "Remove and purge: the vault stays, as promised, and nothing else"
root apt-get remove -y -q vakspiegel >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "remove failed"; }
[ ! -e /usr/bin/vakspiegel-cli ] || fail "remove left the program"
root apt-get purge -y -q vakspiegel >"$work/purge2.log" 2>&1 || { cat "$work/purge2.log"; fail "purge failed"; }
grep -q 'was KEPT' "$work/purge2.log" || { cat "$work/purge2.log"; fail "the purge does not say it kept the vault"; }
[ -f "$vault/vault.db" ] || fail "the purge erased the vault"
getent passwd vakspiegel >/dev/null || fail "the purge removed the system user (files may still be theirs)"
# man-db's cache of formatted pages is its own (mandb drops pages whose source went).
left=$(root find /etc /usr /lib /var /opt -name '*vakspiegel*' ! -path '/var/lib/vakspiegel*' \
  ! -path '/var/cache/man/*' 2>/dev/null || true)
[ -z "$left" ] || fail "the purge left: $left"
if dpkg-query -W -f='${Status}' vakspiegel 2>/dev/null | grep -qx 'install ok installed'; then
  fail "dpkg still has the package installed"
fi

say "Package checked: lintian clean, installed, used by two users and the sweep, purged as described"
