#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Init of the ubd tests' guest: one action on /dev/ubda per boot, named
# by the first argument; the host checks the image afterwards.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /mnt
mode=$1

say() { echo "$*"; }

case "$mode" in
write)
	# Files written and synced, then an orderly unmount and poweroff.
	mount -t ext4 /dev/ubda /mnt || say "not ok mount"
	echo hello-from-the-guest >/mnt/hello
	dd if=/dev/urandom of=/mnt/random bs=64k count=64 2>/dev/null
	md5sum /mnt/random | cut -d' ' -f1 >/mnt/random.md5
	sync
	umount /mnt && say "ok umount"
	;;
read)
	mount -t ext4 /dev/ubda /mnt || say "not ok mount"
	cat /mnt/hello /mnt/basefile
	[ "$(md5sum /mnt/random | cut -d' ' -f1)" = "$(cat /mnt/random.md5)" ] &&
		say "ok random file intact"
	umount /mnt
	;;
sync-then-wait)
	mount -t ext4 /dev/ubda /mnt || say "not ok mount"
	echo synced-data >/mnt/synced
	dd if=/dev/urandom of=/mnt/random bs=64k count=32 2>/dev/null
	md5sum /mnt/random | cut -d' ' -f1 >/mnt/random.md5
	sync
	say "SYNC-RETURNED"
	sleep 100
	;;
write-forever)
	mount -t ext4 /dev/ubda /mnt || say "not ok mount"
	say "WRITING"
	i=0
	while :; do
		dd if=/dev/zero of=/mnt/f$((i % 4)) bs=64k count=16 2>/dev/null
		i=$((i + 1))
	done
	;;
fill)
	mount -t ext4 /dev/ubda /mnt || say "not ok mount"
	if dd if=/dev/zero of=/mnt/fill bs=64k 2>/tmp/dd.err; then
		say "not ok fill: dd did not fail"
	fi
	grep -q "No space left" /tmp/dd.err && say "ok ENOSPC"
	rm /mnt/fill
	echo after-full >/mnt/after
	sync
	umount /mnt && say "ok umount"
	;;
pattern-write)
	# Every path a request takes to the host, deep queues included.
	/pattern write /dev/ubda 64 && /pattern verify /dev/ubda 64
	;;
pattern-verify)
	/pattern verify /dev/ubda 64
	;;
discard)
	# 8 MiB discarded at 8 MiB and 4 MiB zeroed at 24 MiB, raw.
	if blkdiscard -o $((8 << 20)) -l $((8 << 20)) /dev/ubda 2>/tmp/bd.err
	then
		say "ok discarded"
	else
		say "discard: $(cat /tmp/bd.err)"
	fi
	/zeroout /dev/ubda $((24 << 20)) $((4 << 20))
	;;
dio-access)
	/dio_access /dev/ubda
	;;
trim)
	# A file written, synced and removed: fstrim gives its space back.
	mount -t ext4 /dev/ubda /mnt || say "not ok mount"
	dd if=/dev/urandom of=/mnt/big bs=64k count=256 2>/dev/null
	sync
	rm /mnt/big
	sync
	fstrim -v /mnt && say "ok trimmed"
	umount /mnt && say "ok umount"
	;;
disks)
	# Which ubd disks and partitions the guest sees, and a partition's
	# file system.
	awk '$4 ~ /^ubd/ { print "disk", $4, $3 }' /proc/partitions
	if [ -b /dev/ubda1 ] && mount -t ext4 /dev/ubda1 /mnt; then
		say "partition: $(cat /mnt/hello)"
		umount /mnt
	fi
	;;
direct-write)
	# 32 KiB written raw, past the guest's cache; the write cache mode.
	dd if=/dev/zero of=/dev/ubda bs=4k count=8 oflag=direct 2>/dev/null &&
		say "ok written"
	say "cache: $(cat /sys/block/ubda/queue/write_cache)"
	;;
high-write-fails)
	# The host stops taking new data at 24 MiB (a lowered file size
	# limit, a full host file system): a raw write there fails with EIO,
	# and one to a block the host file already holds still lands.
	say "READY"
	i=0
	while [ $i -lt 100 ]; do
		if ! dd if=/dev/zero of=/dev/ubda bs=4k count=1 seek=6144 \
			oflag=direct 2>/tmp/dd.err; then
			say "high write: $(grep -v records /tmp/dd.err | head -n 1)"
			break
		fi
		i=$((i + 1))
		sleep 0.1
	done
	printf low-after-error | dd of=/dev/ubda bs=4k seek=10 conv=fsync \
		2>/dev/null && say "ok low write"
	;;
readonly)
	if dd if=/dev/zero of=/dev/ubda bs=512 count=1 conv=notrunc 2>/tmp/dd.err; then
		say "not ok raw write accepted"
	else
		say "raw write: $(cat /tmp/dd.err)"
	fi
	mount -t ext4 /dev/ubda /mnt 2>/dev/null
	if touch /mnt/new 2>/tmp/t.err; then
		say "not ok write accepted"
	else
		grep -q "Read-only file system" /tmp/t.err && say "ok EROFS"
	fi
	cat /mnt/hello
	;;
esac
say "GUEST-DONE"
poweroff -f
