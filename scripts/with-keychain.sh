#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service keychain (gnome-keyring) on a headless Linux
# session: `scripts/with-keychain.sh npm test`. Used by .ci/run; handy locally too.
set -euo pipefail
if [ -z "${PULSE_IN_KEYCHAIN_SESSION:-}" ]; then
  export PULSE_IN_KEYCHAIN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
# A throwaway keyring folder: the daemon creates a fresh "login" keyring unlocked with this password,
# instead of prompting (no display) for an old keyring left by an earlier run.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
echo -n 'pulse-ci-keyring' | XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
