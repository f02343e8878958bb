#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The selftest table for the README: every test of tests/compat/list
# natively, under ./linux and under Debian's user-mode-linux (linux.uml),
# as pass / fail (status) / skip / timeout.  Takes ~10 minutes.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
here=$REPO/tests/compat
. "$REPO/tests/busybox-root.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/build.sh" "$REPO/build/src/tools/testing/selftests" "$tmp/built" >/dev/null
root=$tmp/root
busybox_root "$root"
mkdir -p "$root/compat"
cp "$tmp"/built/* "$root/compat/"
cp "$here/runner.sh" "$root/runner.sh"
chmod 755 "$root/runner.sh"
cpio_of "$root" "$tmp/compat.cpio"

# Each kernel's /tmp is an ext4 disk of its own, as the host's is.
disk() {
	rm -f "$tmp/tmp.img"
	truncate -s 256M "$tmp/tmp.img"
	mke2fs -q -t ext4 -F "$tmp/tmp.img"
}
sh "$here/runner.sh" "$tmp/built" >"$tmp/native" 2>/dev/null
disk
timeout 1500 "${LINUX:-$REPO/linux}" mem=512M initrd="$tmp/compat.cpio" rdinit=/runner.sh \
	ubd0="$tmp/tmp.img" </dev/null 2>&1 | tr -d '\r' >"$tmp/ours"
if command -v linux.uml >/dev/null; then
	disk
	(cd "$tmp" && timeout 1500 linux.uml mem=512M initrd="$tmp/compat.cpio" \
		rdinit=/runner.sh ubd0="$tmp/tmp.img" </dev/null 2>&1 |
		tr -d '\r' >"$tmp/uml")
else
	: >"$tmp/uml"
fi
cell() {
	s=$(awk -v n="$1" '$1 == "RESULT" && $2 == n { print $3 }' "$2")
	case $s in
	0) echo pass ;; 4) echo skip ;; 124 | 143) echo timeout ;; "") echo "-" ;;
	*) echo "fail ($s)" ;;
	esac
}
echo "| selftest | native | hostlinux | Debian user-mode-linux |"
echo "|---|---|---|---|"
for t in "$tmp"/built/*; do
	n=${t##*/}
	echo "| $n | $(cell "$n" "$tmp/native") | $(cell "$n" "$tmp/ours") | $(cell "$n" "$tmp/uml") |"
done
