#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest tests: a busybox initramfs whose init runs a test script as a
# guest process of ./linux, with the output checked on the host.

. "$(dirname "$0")/../lib.sh"

root=$SCRATCH/root
busybox_root "$root"
cp "$REPO/tests/guest/basic.sh" "$root/basic.sh"
# Static test programs (threads, FPU, ptrace, seccomp, ABI corners).
mkdir -p "$root/progs"
for src in "$REPO"/tests/guest/progs/*.c; do
	prog=$(basename "$src" .c)
	if ! gcc -static -O2 -pthread -Wall -Wextra -Werror -o "$root/progs/$prog" "$src"; then
		fail "guest: build $prog" "gcc failed"
	fi
done
cpio_of "$root" "$SCRATCH/root.cpio"

boot "$SCRATCH/basic.out" 120 initrd="$SCRATCH/root.cpio" rdinit=/bin/sh -- /basic.sh
grep -E "^(ok|not ok) " "$SCRATCH/basic.out" | while read -r line; do
	case "$line" in
	"ok "*) echo "PASS: guest: ${line#ok }" ;;
	*) echo "FAIL: guest: ${line#not ok }" ;;
	esac
done
check "guest: every check ran" grep -q "guest checks done" "$SCRATCH/basic.out"
check "guest: powered off, status 0" test "$(status_of "$SCRATCH/basic.out")" = 0
check "guest: no kernel oops" \
	sh -c "! grep -qE 'BUG:|Oops|Kernel panic' '$SCRATCH/basic.out'"
