#!/usr/bin/env bash
# Installs the real servers and the browser that the tests drive (never mocks):
# Debian's redis-server, chromium and chromium-driver, with apt-get, when missing; and zip
# and unzip, which make and open the release archives (scripts/dist.sh, test-dist.sh).
# Tests that need them fail with the reason when they are absent; they never skip.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "netd: the tests need ${missing[*]}; install them (Debian: apt-get install ${missing[*]})." >&2
    exit 1
fi
echo "netd: installing ${missing[*]} for the tests..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
