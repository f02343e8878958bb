#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest tests: a busybox initramfs whose init runs a test script as a
# guest process of ./linux, with the output checked on the host, under
# the seccomp and the ptrace backend.

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

# Every check under each backend of guest processes (os/uspace.h).
for backend in seccomp ptrace; do
	out=$SCRATCH/basic-$backend.out
	boot "$out" 120 uspace=$backend initrd="$SCRATCH/root.cpio" \
		rdinit=/bin/sh -- /basic.sh
	grep -E "^(ok|not ok) " "$out" | while read -r line; do
		case "$line" in
		"ok "*) echo "PASS: guest ($backend): ${line#ok }" ;;
		*) echo "FAIL: guest ($backend): ${line#not ok }" ;;
		esac
	done
	check "guest ($backend): the backend runs guest processes" \
		grep -q "run with the $backend backend" "$out"
	check "guest ($backend): every check ran" \
		grep -q "guest checks done" "$out"
	check "guest ($backend): powered off, status 0" \
		test "$(status_of "$out")" = 0
	check "guest ($backend): no kernel oops" \
		sh -c "! grep -qE 'BUG:|Oops|Kernel panic' '$out'"
done
