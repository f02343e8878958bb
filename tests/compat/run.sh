#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Curated kernel selftests (tests/compat/list), built static on the host,
# run inside ./linux from a busybox initramfs.  One PASS/FAIL line per
# test (exit status 0, or 4: skipped); known-failures are left out.

. "$(dirname "$0")/../lib.sh"

selftests=$REPO/build/src/tools/testing/selftests
here=$REPO/tests/compat
root=$SCRATCH/root
busybox_root "$root"
mkdir -p "$root/compat"
sh "$here/build.sh" "$selftests" "$SCRATCH/built" >"$SCRATCH/built.list" 2>"$SCRATCH/build.err"
check "compat: every listed selftest builds" test ! -s "$SCRATCH/build.err"
known=$(grep -v '^#' "$here/known-failures" | cut -f1)
while read -r name; do
	case " $(echo $known) " in
	*" $name "*) ;;
	*) cp "$SCRATCH/built/$name" "$root/compat/" ;;
	esac
done <"$SCRATCH/built.list"
cp "$here/runner.sh" "$root/runner.sh"
chmod 755 "$root/runner.sh"
cpio_of "$root" "$SCRATCH/compat.cpio"

# The tests' /tmp: an ext4 disk, as natively.
truncate -s 256M "$SCRATCH/tmp.img"
mke2fs -q -t ext4 -F "$SCRATCH/tmp.img"
boot "$SCRATCH/compat.out" 1200 mem=512M initrd="$SCRATCH/compat.cpio" rdinit=/runner.sh \
	ubd0="$SCRATCH/tmp.img"
tr -d '\r' <"$SCRATCH/compat.out" | grep "^RESULT " | while read -r _ name status; do
	case $status in
	0) pass "compat: selftest $name" ;;
	4) pass "compat: selftest $name (skipped by itself)" ;;
	*) fail "compat: selftest $name" "exit status $status" ;;
	esac
done
check "compat: every selftest ran" grep -q "compat done" "$SCRATCH/compat.out"
check "compat: no kernel oops" \
	sh -c "! grep -qE 'BUG:|Oops|Kernel panic' '$SCRATCH/compat.out'"
