#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Keep the kernel/host boundary where include/shared/ says it is:
#  - kernel objects call no libc function (the host is reached only
#    through os_*() functions of os-Linux/);
#  - os-Linux/ exports only os_*() functions and main();
#  - os-Linux/ calls into the kernel only through the entry points of
#    um/entry.h (and the kernel's string functions, which interpose on
#    libc's with the same meaning).
# Usage: check-boundary.sh <kernel-build-dir>; prints one line per
# violation and exits non-zero if there is any.

set -eu
obj=$(cd "$1" && pwd)
linux=$obj/linux
cd "$obj"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ar t vmlinux.a | grep -v '^arch/um/os-Linux/' >"$tmp/kernel-objs"
find arch/um/os-Linux -name '*.o' ! -name 'built-in*' >"$tmp/host-objs"

# libc's functions, and its data copied into the executable (stderr...)
nm -D "$linux" | awk '$NF ~ /@/ {print $NF}' | sed 's/@.*//' |
	sort -u >"$tmp/libc-imports"

bad=0

# Kernel objects referencing a symbol only libc provides.
xargs nm -u --print-file-name <"$tmp/kernel-objs" 2>/dev/null |
	awk '{print $NF, $1}' | sort -k1,1 >"$tmp/kernel-undef"
join "$tmp/libc-imports" "$tmp/kernel-undef" >"$tmp/v1" || true
while read -r sym where; do
	echo "boundary: kernel object ${where%%:*} calls libc's $sym"
	bad=1
done <"$tmp/v1"

# What os-Linux exports.
xargs nm -g --defined-only --print-file-name <"$tmp/host-objs" |
	awk '{print $NF, $1}' >"$tmp/host-defs"
while read -r sym where; do
	case "$sym" in
	os_*|main) ;;
	*) echo "boundary: host object ${where%%:*} exports $sym"; bad=1 ;;
	esac
done <"$tmp/host-defs"

# What os-Linux takes from the kernel rather than from libc.
xargs nm -u --print-file-name <"$tmp/host-objs" | awk '{print $NF, $1}' |
	sort -u >"$tmp/host-undef"
awk '{print $1}' "$tmp/host-defs" | sort -u >"$tmp/host-def-names"
while read -r sym where; do
	grep -qx "$sym" "$tmp/libc-imports" && continue
	grep -qx "$sym" "$tmp/host-def-names" && continue
	case "$sym" in
	um_kernel_boot|um_host_interrupt|um_host_fault|um_host_fatal_signal) ;;
	_end) ;;
	memcpy|memmove|memset|memcmp|memchr|strlen|strnlen|strcmp|strncmp|strchr|strrchr|strcpy|strncpy|strcat|strspn|strcspn|strpbrk|strstr) ;;
	*) echo "boundary: host object ${where%%:*} uses the kernel's $sym"; bad=1 ;;
	esac
done <"$tmp/host-undef"

exit $bad
