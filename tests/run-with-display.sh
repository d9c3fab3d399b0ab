#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command on a display of its own: a fresh Xvfb that picks a free display number itself
# (-displayfd), so tests running in parallel never race for one. With --dbus, also inside a
# private session bus (AT-SPI end-to-end tests).
#   run-with-display.sh [--dbus] [--screen WxHxD] COMMAND [ARG...]
set -eu

dbus=
screen=1280x1024x24
while [ $# -gt 0 ]; do
  case "$1" in
    --dbus) dbus=1; shift ;;
    --screen) screen="$2"; shift 2 ;;
    *) break ;;
  esac
done

dir=$(mktemp -d)
cleanup () {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb_pid=$!
# Blocks until Xvfb is ready and has written its display number (or has died: then empty).
read -r number < "$dir/display" || true
if [ -z "${number:-}" ]; then
  echo "Xvfb did not start:" >&2
  cat "$dir/xvfb.log" >&2
  exit 1
fi
export DISPLAY=":$number"

status=0
if [ -n "$dbus" ]; then
  dbus-run-session -- "$@" || status=$?
else
  "$@" || status=$?
fi
exit "$status"
