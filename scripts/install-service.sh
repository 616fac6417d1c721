#!/bin/sh
# Install spifbd's systemd units and an example config (README "Running as a service").
#   sudo npm run install-service            # the real system
#   DESTDIR=/tmp/root npm run install-service   # a staging root: files only, no users, no systemctl
# The units run /usr/local/bin/spifbd (where `npm install -g spifb` puts it);
# if spifbd is elsewhere, or only this checkout is built, ExecStart is rewritten.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=${DESTDIR:-}
unitdir=$root${UNIT_DIR:-/etc/systemd/system}
confdir=$root/etc/spifb

if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  echo "install-service: run as root (sudo npm run install-service), or set DESTDIR" >&2
  exit 2
fi

if command -v spifbd >/dev/null 2>&1; then
  exec_start=$(command -v spifbd)
else
  exec_start="$(command -v node) $here/dist/daemon/main.js"
  [ -f "$here/dist/daemon/main.js" ] || { echo "install-service: build first (npm run build)" >&2; exit 1; }
fi

install -d -m 0755 "$unitdir" "$confdir"
for unit in spifbd@.service spifbd@.socket; do
  sed "s#^ExecStart=/usr/local/bin/spifbd #ExecStart=$exec_start #" "$here/systemd/$unit" > "$unitdir/$unit"
  chmod 0644 "$unitdir/$unit"
done
# Never overwrite a config someone already edited.
if [ ! -e "$confdir/fb0.json" ]; then
  install -m 0644 "$here/systemd/fb0.example.json" "$confdir/fb0.json"
fi
echo "installed $unitdir/spifbd@.service, $unitdir/spifbd@.socket, $confdir/fb0.json (ExecStart=$exec_start)"

[ -n "$root" ] && exit 0
# The dedicated user: no login, no home, in the groups that own the device nodes.
for g in video spi gpio; do getent group "$g" >/dev/null || groupadd --system "$g"; done
id spifb >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin spifb
usermod -a -G video,spi,gpio spifb
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  echo "now: systemctl enable --now spifbd@fb0.socket   (edit /etc/spifb/fb0.json first)"
fi
