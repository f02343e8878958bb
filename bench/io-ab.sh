#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/io-ab.sh KERNEL_A KERNEL_B [WORKLOAD...]: two builds of ./linux
# in alternate boots on the same workloads of bench/io.c, with the host
# program beside them, BENCH_ROUNDS times (8).  For a change to ubd's
# data path worth a few percent, which whole runs of bench/io.sh cannot
# tell from this VM's drift: here A and B run seconds apart, in turns
# whose order flips every round, and each round gives one B/A ratio.
#
#   sh bench/io-ab.sh /tmp/linux-before ./linux rand-read-qd32
#
# Prints, per workload, every round's B/A (sorted), their median, in how
# many rounds B was ahead, and A's and B's medians against the host.
set -eu
[ $# -ge 2 ] || {
	echo "usage: $0 KERNEL_A KERNEL_B [WORKLOAD...]" >&2
	exit 2
}
a=$1 b=$2
shift 2
for k in "$a" "$b"; do
	[ -x "$k" ] || {
		echo "$0: $k: not an executable kernel" >&2
		exit 2
	}
done
workloads=${*:-rand-read-qd32 rand-write-qd32 rand-read-qd1 fsync-4k}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/hostlinux-io-ab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
secs=${IO_SECONDS:-3}

. "$repo/bench/io-setup.sh"
io_build

# run native|KERNEL WORKLOAD NAME: "NAME WORKLOAD VALUE", or nothing if
# it failed.
run() {
	case $1 in
	native) io_native "$2" ;;
	*) io_guest "$1" "$2" ;;
	esac </dev/null 2>&1 | io_result "$3" "$2"
}

r=1
while [ "$r" -le "${BENCH_ROUNDS:-8}" ]; do
	fresh
	for w in $workloads; do
		run native "$w" native
		if [ $((r % 2)) -eq 1 ]; then
			run "$a" "$w" A
			run "$b" "$w" B
		else
			run "$b" "$w" B
			run "$a" "$w" A
		fi
	done >"$tmp/round.$r"
	r=$((r + 1))
done

for w in $workloads; do
	for f in "$tmp"/round.*; do
		awk -v w="$w" '$2 == w { v[$1] = $3 }
			END { if (v["A"] > 0 && v["B"] > 0 && v["native"] > 0)
				printf "%.3f %.3f %.3f\n", v["B"] / v["A"],
				       v["A"] / v["native"], v["B"] / v["native"] }' "$f"
	done | sort -n >"$tmp/ratios"
	awk -v w="$w" '
		function median(col,   i, j, n, x, v) {
			n = 0
			for (i = 1; i <= NR; i++)
				v[++n] = row[i, col]
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
					x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
				}
			return v[int((n + 1) / 2)]
		}
		{ row[NR, 1] = $1; row[NR, 2] = $2; row[NR, 3] = $3
		  all = all " " $1; ahead += $1 > 1 }
		END {
			if (!NR) { printf "%s: no round finished\n", w; exit }
			printf "%s: B/A%s\n", w, all
			printf "  median %.3f, B ahead in %d of %d; A %.0f%% and B %.0f%% of the host\n",
			       median(1), ahead, NR, 100 * median(2), 100 * median(3)
		}' "$tmp/ratios"
done
