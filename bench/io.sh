#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/io.c on a 256 MiB image: natively on the host file, inside
# ./linux on ubd (/dev/ubda) and inside Debian's user-mode-linux
# (linux.uml).  All use O_DIRECT on the file or device, so the guests'
# page caches do not flatter them.
#
# This VM's disk moves 10-40% from minute to minute, so the three
# systems take turns on each workload, one right after the other (a
# guest boots for each), BENCH_ROUNDS times (3).  A table shows each
# system's median, and the median of each round's ratio with the lowest
# and highest in brackets.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/hostlinux-io.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
secs=${IO_SECONDS:-3}
workloads="seq-write seq-read rand-read-qd1 rand-read-qd32 rand-write-qd1
	rand-write-qd32 fsync-4k"

. "$repo/bench/io-setup.sh"
io_build

# Busy time of all the host's CPUs, in clock ticks: a kernel's stubs and
# the host's own work for the disk count too (run on a quiet machine).
busy_cpu() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# measure FILE WORKLOAD COMMAND...: the workload's line and its host CPU
# ticks ("ticks N") added to FILE.
measure() {
	out=$1 w=$2
	shift 2
	t=$(busy_cpu)
	"$@" >"$tmp/run" 2>&1 </dev/null || true
	echo "ticks $(($(busy_cpu) - t))" >>"$out"
	tr -d '\r' <"$tmp/run" | awk -v w="$w" '$1 == w && NF == 3' >>"$out"
}

run_native() { measure "$1" "$2" io_native "$2"; }
run_ours() { measure "$1" "$2" io_guest "${LINUX:-$repo/linux}" "$2"; }
run_uml() {
	if command -v linux.uml >/dev/null; then
		(cd "$tmp" && measure "$1" "$2" io_guest linux.uml "$2")
		# Its buffered writes are not to be written back in the
		# next system's turn.
		sync "$img"
	fi
}

r=1
while [ "$r" -le "${BENCH_ROUNDS:-3}" ]; do
	fresh
	for w in $workloads; do
		for sys in native ours uml; do
			"run_$sys" "$tmp/$sys.$r" "$w"
		done
	done
	r=$((r + 1))
done
for sys in native ours uml; do
	touch "$tmp/$sys.1"
done

# value SYS WORKLOAD: its median over the rounds, with its unit.
value() {
	cat "$tmp/$1".* | awk -v w="$2" '$1 == w { print $2, $3 }' | sort -n |
		awk '{ v[NR] = $1; u = $2 }
		     END { if (NR) print v[int((NR + 1) / 2)], u; else print "-" }'
}
# ratio A B WORKLOAD: the median of each round's A/B, "(lowest-highest)".
ratio() {
	r=1
	while [ -f "$tmp/$1.$r" ]; do
		a=$(awk -v w="$3" '$1 == w { print $2 }' "$tmp/$1.$r")
		b=$(awk -v w="$3" '$1 == w { print $2 }' "$tmp/$2.$r" 2>/dev/null)
		[ -n "$a" ] && [ -n "$b" ] &&
			awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) print 100 * a / b }'
		r=$((r + 1))
	done | sort -n | awk '{ v[NR] = $1 }
		END {
			if (!NR) { print "-"; exit }
			printf "%.0f%% (%.0f-%.0f)\n", v[int((NR + 1) / 2)], v[1], v[NR]
		}'
}
# cpu SYS: the median over the rounds of its host CPU for all workloads.
cpu() {
	for f in "$tmp/$1".*; do
		awk '$1 == "ticks" { t += $2 } END { print t + 0 }' "$f"
	done | sort -n | awk -v hz="$(getconf CLK_TCK)" '{ v[NR] = $1 }
		END { printf "%.2f s\n", v[int((NR + 1) / 2)] / hz }'
}

printf '| %-15s | %-12s | %-12s | %-12s | %-15s | %-15s |\n' workload \
	native hostlinux "Debian UML" "ours/native" "ours/UML"
printf '|%s|%s|%s|%s|%s|%s|\n' ----------------- -------------- \
	-------------- -------------- ----------------- -----------------
for w in $workloads; do
	printf '| %-15s | %-12s | %-12s | %-12s | %-15s | %-15s |\n' "$w" \
		"$(value native "$w")" "$(value ours "$w")" "$(value uml "$w")" \
		"$(ratio ours native "$w")" "$(ratio ours uml "$w")"
done
printf '\nHost CPU busy (all CPUs) for all seven workloads, boots included: native %s, hostlinux %s, Debian UML %s.\n' \
	"$(cpu native)" "$(cpu ours)" "$(cpu uml)"
