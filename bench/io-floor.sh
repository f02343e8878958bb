#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/io-floor.sh [KERNEL] [WORKLOAD...]: how close to the host any
# guest could come at queue depth 32 on this machine, next to ./linux.
# The host program runs as itself, then with what every guest adds
# between the disk's answer and its next request (bench/io.c's model):
#
#   + hand-over   one round trip with a second host process per batch of
#                 completions: a guest kernel resuming its process, and
#                 the process's next system call going back to it;
#   + block layer that and FLOOR_BUSY_US (15) µs of CPU: the guest
#                 kernel's own block layer completing 32 requests and
#                 building the next 32.
#
# The four take turns, BENCH_ROUNDS times (8), seconds apart.  Prints,
# per workload, each one's share of the host program's rate: the median
# of the rounds, lowest and highest in brackets.
set -eu
kernel=${1:-}
[ $# -eq 0 ] || shift
repo=$(cd "$(dirname "$0")/.." && pwd)
kernel=${kernel:-$repo/linux}
[ -x "$kernel" ] || {
	echo "$0: $kernel: not an executable kernel" >&2
	exit 2
}
workloads=${*:-rand-read-qd32 rand-write-qd32}
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/hostlinux-io-floor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
secs=${IO_SECONDS:-3}
busy=${FLOOR_BUSY_US:-15}

. "$repo/bench/io-setup.sh"
io_build

# run NAME WORKLOAD HANDOVERS BUSY_US | run NAME WORKLOAD guest:
# "NAME WORKLOAD VALUE", or nothing if it failed.
run() {
	if [ "$3" = guest ]; then
		io_guest "$kernel" "$2"
	else
		env IO_ONLY="$2" IO_HANDOVERS="$3" IO_BUSY_US="$4" \
			"$tmp/io" "$img" 256 "$secs"
	fi </dev/null 2>&1 | io_result "$1" "$2"
}

r=1
while [ "$r" -le "${BENCH_ROUNDS:-8}" ]; do
	fresh
	for w in $workloads; do
		run host "$w" 0 0
		run handover "$w" 1 0
		run blocklayer "$w" 1 "$busy"
		run linux "$w" guest
	done >"$tmp/round.$r"
	r=$((r + 1))
done

printf '| %-15s | %-17s | %-17s | %-17s | %-17s |\n' workload \
	"host program" "+ hand-over" "+ block layer" ./linux
printf '|-----------------|-------------------|-------------------|-------------------|-------------------|\n'
for w in $workloads; do
	awk -v w="$w" '
		function sorted(v, n,   i, j, x) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
					x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
				}
		}
		function cell(name,   i, n, v) {
			n = 0
			for (i = 1; i <= rounds; i++)
				if (value[i, name] > 0 && value[i, "host"] > 0)
					v[++n] = value[i, name] / value[i, "host"]
			if (!n)
				return "-"
			sorted(v, n)
			return sprintf("%.0f%% (%.0f-%.0f)", 100 * v[int((n + 1) / 2)],
				       100 * v[1], 100 * v[n])
		}
		FNR == 1 { rounds++ }
		$2 == w { value[rounds, $1] = $3 }
		END {
			n = 0
			for (i = 1; i <= rounds; i++)
				if (value[i, "host"] > 0)
					h[++n] = value[i, "host"]
			sorted(h, n)
			printf "| %-15s | %-17s | %-17s | %-17s | %-17s |\n", w,
			       n ? sprintf("%.0f IOPS", h[int((n + 1) / 2)]) : "-",
			       cell("handover"), cell("blocklayer"), cell("linux")
		}' "$tmp"/round.*
done
