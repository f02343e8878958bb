#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/micro.c natively, under ./linux and under Debian's
# user-mode-linux (linux.uml), one after the other, BENCH_ROUNDS times
# (3), as a table of medians.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gcc -O2 -static -o "$tmp/micro" "$repo/bench/micro.c"
mkdir -p "$tmp/root"
cp "$tmp/micro" "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc --quiet) >"$tmp/root.cpio"

run_native() { "$tmp/micro" >"$1"; }
run_ours() {
	"${LINUX:-$repo/linux}" mem=256M initrd="$tmp/root.cpio" </dev/null \
		>"$1" 2>&1 || true
}
run_uml() {
	if command -v linux.uml >/dev/null; then
		(cd "$tmp" && timeout 300 linux.uml mem=256M \
			initrd="$tmp/root.cpio" </dev/null >"$1" 2>&1) || true
	else
		: >"$1"
	fi
}
. "$repo/bench/rounds.sh"
rounds

val() { awk -v n="$1" '$1 == n { print $2 " " $3 }' "$2"; }
num() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }
# How many times cheaper than Debian's package hostlinux is.
gain() {
	awk -v a="$(num "$1" "$tmp/uml")" -v b="$(num "$1" "$tmp/ours")" \
		'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'
}
printf '| %-17s | %-11s | %-11s | %-22s | %-14s |\n' test native hostlinux \
	"Debian user-mode-linux" "UML / hostlinux"
printf '|%s|%s|%s|%s|%s|\n' ------------------- ------------- ------------- \
	------------------------ ----------------
for t in getpid clock_gettime page-fault-write page-fault-read mmap+touch+munmap fork+exit \
	 fork+exec+exit pipe-pingpong context-switch cpu-loop; do
	printf '| %-17s | %-11s | %-11s | %-22s | %-14s |\n' "$t" \
		"$(val "$t" "$tmp/native")" "$(val "$t" "$tmp/ours")" \
		"$(val "$t" "$tmp/uml")" "$(gain "$t")"
done
