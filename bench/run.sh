#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# All benchmarks, side by side with Debian's user-mode-linux.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
python3 bench/boot.py
echo
echo "Processes (bench/micro.c)"
sh bench/micro.sh
echo
echo "Block I/O (bench/io.c)"
sh bench/io.sh
echo
echo "How close any guest could come at depth 32 (bench/io-floor.sh)"
sh bench/io-floor.sh
echo
echo "Hand-overs between two host processes (bench/handover.c), µs a round trip"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -pthread -o "$tmp/handover" bench/handover.c
"$tmp/handover"
