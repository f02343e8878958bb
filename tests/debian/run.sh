#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A Debian bookworm root (debootstrap --variant=minbase, made once and
# kept in build/cache) boots in ./linux as an initramfs and runs Debian's
# dynamically linked programs (tests/debian/checks.sh as init).

. "$(dirname "$0")/../lib.sh"

cache=$REPO/build/cache/bookworm-minbase
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ ! -x "$cache/bin/bash" ]; then
	if ! command -v debootstrap >/dev/null || [ "$(id -u)" != 0 ]; then
		fail "debian: debootstrap root" "needs root and debootstrap (scripts/install-deps.sh test)"
		exit 0
	fi
	mkdir -p "$REPO/build/cache"
	rm -rf "$cache.new"
	if ! debootstrap --variant=minbase bookworm "$cache.new" "$mirror" \
		>"$SCRATCH/debootstrap.log" 2>&1; then
		fail "debian: debootstrap root" "$(tail -n 1 "$SCRATCH/debootstrap.log")"
		rm -rf "$cache.new"
		exit 0
	fi
	mv "$cache.new" "$cache"
fi
pass "debian: debootstrap --variant=minbase bookworm root"

# The initramfs: the root without documentation, plus the checks and a
# static busybox to power off with.
root=$SCRATCH/root
cp -a "$cache" "$root"
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/info" \
	"$root/usr/share/locale" "$root/var/cache/apt/"*.bin
cp "$REPO/tests/debian/checks.sh" "$root/hostlinux-checks.sh"
chmod 755 "$root/hostlinux-checks.sh"
cp /bin/busybox "$root/busybox"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$SCRATCH/debian.cpio"
rm -rf "$root"

boot "$SCRATCH/debian.out" 300 mem=1G initrd="$SCRATCH/debian.cpio" \
	rdinit=/hostlinux-checks.sh
grep -E "^(ok|not ok) " "$SCRATCH/debian.out" | while read -r line; do
	case "$line" in
	"ok "*) echo "PASS: debian: ${line#ok }" ;;
	*) echo "FAIL: debian: ${line#not ok }" ;;
	esac
done
check "debian: every check ran" grep -q "debian checks done" "$SCRATCH/debian.out"
check "debian: powered off, status 0" test "$(status_of "$SCRATCH/debian.out")" = 0
check "debian: no kernel oops" \
	sh -c "! grep -qE 'BUG:|Oops|Kernel panic' '$SCRATCH/debian.out'"
