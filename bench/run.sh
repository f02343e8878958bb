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
