#!/bin/sh
# Creates or updates the Mosquitto login of one device (or of the `vigil` user).
#
#   ./add-device.sh ID [PASSWORD]
#
# The username is the device id; the ACL (./acl) lets it publish only devices/ID/telemetry and
# devices/ID/status. Without PASSWORD a random one is generated and printed: copy it to the
# device now, the password file keeps only a hash.
# The password file is $MOSQUITTO_PASSWD_FILE, default /mosquitto/auth/passwd when that
# folder exists (inside the eclipse-mosquitto container), else ./passwd next to this script.
# The broker re-reads it on SIGHUP (docker compose kill -s HUP mosquitto) or on restart.
# POSIX sh on purpose: it also runs in the Alpine-based eclipse-mosquitto image.
set -eu

usage() {
  echo "usage: $0 DEVICE_ID [PASSWORD]" >&2
  exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
id=$1

# Same rule as the wire contract (ARCHITECTURE.md §3): the id is also a topic level.
if ! printf '%s' "$id" | grep -Eq '^[A-Za-z0-9_.:-]{1,64}$'; then
  echo "invalid device id '$id': use 1 to 64 of A-Z a-z 0-9 _ . : -" >&2
  exit 2
fi

if [ -n "${MOSQUITTO_PASSWD_FILE:-}" ]; then
  file=$MOSQUITTO_PASSWD_FILE
elif [ -d /mosquitto/auth ]; then
  file=/mosquitto/auth/passwd
else
  file=$(cd "$(dirname "$0")" && pwd)/passwd
fi

generated=no
if [ $# -eq 2 ]; then
  password=$2
else
  # 24 random bytes, base64 without the characters that need quoting in URLs.
  password=$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=' | cut -c1-24)
  generated=yes
fi
if [ -z "$password" ]; then
  echo "empty password" >&2
  exit 2
fi

if [ ! -e "$file" ]; then
  mkdir -p "$(dirname "$file")"
  (umask 077 && : > "$file")
fi
mosquitto_passwd -b "$file" "$id" "$password"
chmod 600 "$file"
# The broker drops root privileges to the `mosquitto` user; let that user read the file.
if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then
  chown mosquitto "$file"
fi

if [ "$generated" = yes ]; then
  echo "device $id: password $password"
else
  echo "device $id: password set"
fi
