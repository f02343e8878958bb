#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Make sure the Debian packages the build and the tests need are present.
# As root, missing ones are installed with apt; otherwise one line names them.
# Usage: install-deps.sh [build|test|bench]

set -eu

need="linux-source-6.12 gcc make flex bison bc libelf-dev libssl-dev e2fsprogs busybox-static cpio libaio-dev python3 ccache"
case "${1:-build}" in
test) need="$need debootstrap strace" ;;
bench) need="$need user-mode-linux" ;;
esac

missing=""
for p in $need; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "hostlinux: missing Debian packages:$missing (run: sudo apt-get install$missing)" >&2
	exit 1
fi
echo "hostlinux: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
