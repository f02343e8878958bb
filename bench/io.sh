#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/io.c on a 256 MiB image: natively on the host file, inside
# ./linux on ubd (/dev/ubda) and inside Debian's user-mode-linux
# (linux.uml), one after the other, BENCH_ROUNDS times (3), as a table
# of medians.  All use O_DIRECT on the file or device, so the guests'
# page caches do not flatter them.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/hostlinux-io.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
secs=${IO_SECONDS:-3}

gcc -O2 -static -Wall -Wextra -Werror -o "$tmp/io" "$repo/bench/io.c"
mkdir -p "$tmp/root/proc" "$tmp/root/dev"
cp "$tmp/io" "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc --quiet) >"$tmp/root.cpio"
img=$tmp/disk.img
fresh() { rm -f "$img"; dd if=/dev/zero of="$img" bs=1M count=256 status=none; }

# Busy time of all the host's CPUs, in clock ticks: a kernel's stubs and
# the host's own work for the disk count too (run on a quiet machine).
busy_cpu() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# cpu_line FILE TICKS-BEFORE: add the CPU time since to a run's output.
cpu_line() {
	awk -v t="$(($(busy_cpu) - $2))" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "host-cpu %.2f s\n", t / hz }' >>"$1"
}

run_native() {
	fresh
	t=$(busy_cpu)
	"$tmp/io" "$img" 256 "$secs" >"$1"
	cpu_line "$1" "$t"
}
run_ours() {
	fresh
	t=$(busy_cpu)
	timeout 300 "${LINUX:-$repo/linux}" mem=256M initrd="$tmp/root.cpio" \
		ubd0="$img" </dev/null >"$1" 2>&1 || true
	cpu_line "$1" "$t"
}
run_uml() {
	fresh
	if command -v linux.uml >/dev/null; then
		t=$(busy_cpu)
		(cd "$tmp" && timeout 300 linux.uml mem=256M \
			initrd="$tmp/root.cpio" ubd0="$img" </dev/null \
			>"$1" 2>&1) || true
		cpu_line "$1" "$t"
	else
		: >"$1"
	fi
}
. "$repo/bench/rounds.sh"
rounds

val() { awk -v n="$1" '$1 == n { print $2 " " $3 }' "$2" | tr -d '\r'; }
num() { awk -v n="$1" '$1 == n { print $2 }' "$2" | tr -d '\r'; }
ratio() {
	awk -v a="$(num "$1" "$2")" -v b="$(num "$1" "$3")" \
		'BEGIN { if (a > 0 && b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'
}
printf '| %-15s | %-12s | %-12s | %-14s | %-12s | %-12s |\n' workload native \
	hostlinux "Debian UML" "ours/native" "ours/UML"
printf '|%s|%s|%s|%s|%s|%s|\n' ----------------- -------------- -------------- \
	---------------- -------------- --------------
for t in seq-write seq-read rand-read-qd1 rand-read-qd32 rand-write-qd1 \
	 rand-write-qd32 fsync-4k; do
	printf '| %-15s | %-12s | %-12s | %-14s | %-12s | %-12s |\n' "$t" \
		"$(val "$t" "$tmp/native")" "$(val "$t" "$tmp/ours")" \
		"$(val "$t" "$tmp/uml")" "$(ratio "$t" "$tmp/ours" "$tmp/native")" \
		"$(ratio "$t" "$tmp/ours" "$tmp/uml")"
done
printf '\nHost CPU busy (all CPUs) during a whole run (boot and all seven workloads): native %s, hostlinux %s, Debian UML %s.\n' \
	"$(val host-cpu "$tmp/native")" "$(val host-cpu "$tmp/ours")" \
	"$(val host-cpu "$tmp/uml")"
