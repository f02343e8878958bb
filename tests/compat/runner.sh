#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run every selftest binary in DIR, each in a fresh working directory
# with a time limit, and print "RESULT name status" lines (0 pass, 4
# skip, 124 time limit, other fail).  Runs natively and as a guest's
# init (then it mounts what the tests need and powers off at the end).
dir=${1:-/compat}
if [ "$$" = 1 ]; then
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs dev /dev
	# A disk, where the kernel gives one: selftests of the page cache
	# (mincore's read-ahead) want a file system on a block device, as
	# the host's /tmp is.
	mount -t ext4 /dev/ubda /tmp 2>/dev/null || mount -t tmpfs tmpfs /tmp
	mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/compat.XXXXXX")
for t in "$dir"/*; do
	[ -x "$t" ] || continue
	name=${t##*/}
	mkdir -p "$work/$name"
	# Fork-heavy tests (pidfd_poll_test forks 10000 times) take a
	# guest far longer than a native run.
	(cd "$work/$name" && timeout 150 "$t" </dev/null >"$work/$name.log" 2>&1)
	echo "RESULT $name $?"
done
rm -rf "$work"
echo "compat done"
[ "$$" = 1 ] && exec poweroff -f
exit 0
