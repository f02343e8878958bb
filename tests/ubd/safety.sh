#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ubd: the user's image is their data.  A busybox initramfs runs
# tests/ubd/guest.sh as init, doing one thing to /dev/ubda per boot; the
# host then checks the image with e2fsck and debugfs, or checks that a
# refused command line left every file byte-for-byte as it was.

. "$(dirname "$0")/../lib.sh"

root=$SCRATCH/root
busybox_root "$root"
cp "$REPO/tests/ubd/guest.sh" "$root/guest.sh"
gcc -std=c11 -O2 -static -Wall -Wextra -Werror -o "$root/pattern" \
	"$REPO/tests/ubd/pattern.c"
gcc -std=c11 -O2 -static -Wall -Wextra -Werror -o "$root/zeroout" \
	"$REPO/tests/ubd/zeroout.c"
gcc -std=c11 -O2 -static -Wall -Wextra -Werror -o "$root/dio_access" \
	"$REPO/tests/ubd/dio_access.c"
cpio_of "$root" "$SCRATCH/root.cpio"
mkdir -p "$SCRATCH/tree"
echo base-content >"$SCRATCH/tree/hello"
echo base-only-content >"$SCRATCH/tree/basefile"

mkimg() { mke2fs -q -t ext4 -d "$SCRATCH/tree" -F "$1" "$2" >/dev/null 2>&1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# guest OUT MODE UBD-ARGS...: boot the guest doing MODE
guest() {
	out=$1
	mode=$2
	shift 2
	boot "$out" 60 initrd="$SCRATCH/root.cpio" rdinit=/bin/sh "$@" -- /guest.sh "$mode"
}
fsck_clean() { e2fsck -fn "$1" >"$1.fsck" 2>&1; }
catfile() { debugfs -R "cat $2" "$1" 2>/dev/null; }

# Start ./linux in the background; wait_for waits for a line of its output.
start() {
	out=$1
	shift
	"$LINUX" "$@" </dev/null >"$out" 2>&1 &
	echo $! >"$out.pid"
}
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		grep -q "$2" "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
kill_now() {
	kill -KILL "$(cat "$1.pid")" 2>/dev/null
	wait "$(cat "$1.pid")" 2>/dev/null
	rm -f "$1.pid"
}

# --- orderly poweroff
img=$SCRATCH/disk.img
mkimg "$img" 64M
guest "$SCRATCH/w.out" write ubd0="$img"
check "ubd: guest wrote and powered off, status 0" test "$(status_of "$SCRATCH/w.out")" = 0
check "ubd: guest unmounted cleanly" grep -q "ok umount" "$SCRATCH/w.out"
check "ubd: e2fsck -fn clean after poweroff" fsck_clean "$img"
check "ubd: debugfs reads the guest's file" \
	sh -c "[ \"\$(debugfs -R 'cat /hello' '$img' 2>/dev/null)\" = hello-from-the-guest ]"
debugfs -R "dump /random $SCRATCH/random" "$img" >/dev/null 2>&1
check "ubd: 4 MiB random file matches its guest checksum" \
	sh -c "[ \"\$(md5sum <'$SCRATCH/random' | cut -d' ' -f1)\" = \"\$(debugfs -R 'cat /random.md5' '$img' 2>/dev/null)\" ]"
guest "$SCRATCH/r.out" read ubd0r="$img"
check "ubd: read back in a second boot" grep -q "ok random file intact" "$SCRATCH/r.out"

# --- SIGKILL right after the guest's sync returned
mkimg "$img" 64M
start "$SCRATCH/k.out" initrd="$SCRATCH/root.cpio" rdinit=/bin/sh ubd0="$img" -- /guest.sh sync-then-wait
if wait_for "$SCRATCH/k.out" SYNC-RETURNED; then
	kill_now "$SCRATCH/k.out"
	cp "$img" "$SCRATCH/k.img"
	e2fsck -fy "$SCRATCH/k.img" >/dev/null 2>&1
	check "ubd: after SIGKILL past sync: journal replays, e2fsck clean" fsck_clean "$SCRATCH/k.img"
	check "ubd: after SIGKILL past sync: synced file intact" \
		sh -c "[ \"\$(debugfs -R 'cat /synced' '$SCRATCH/k.img' 2>/dev/null)\" = synced-data ]"
	debugfs -R "dump /random $SCRATCH/random" "$SCRATCH/k.img" >/dev/null 2>&1
	check "ubd: after SIGKILL past sync: synced random data intact" \
		sh -c "[ \"\$(md5sum <'$SCRATCH/random' | cut -d' ' -f1)\" = \"\$(debugfs -R 'cat /random.md5' '$SCRATCH/k.img' 2>/dev/null)\" ]"
else
	kill_now "$SCRATCH/k.out"
	fail "ubd: SIGKILL past sync" "guest never reported its sync: $(tail -n 3 "$SCRATCH/k.out")"
fi

# The same through an overlay: what the guest synced is in the overlay
# (data and bitmap) after SIGKILL, the base untouched.
kbase=$SCRATCH/kbase.img
mkimg "$kbase" 64M
kbefore=$(sum "$kbase")
start "$SCRATCH/kc.out" initrd="$SCRATCH/root.cpio" rdinit=/bin/sh \
	ubd0="$SCRATCH/k.cow,$kbase" -- /guest.sh sync-then-wait
if wait_for "$SCRATCH/kc.out" SYNC-RETURNED; then
	kill_now "$SCRATCH/kc.out"
	guest "$SCRATCH/kc2.out" read ubd0="$SCRATCH/k.cow,$kbase"
	check "ubd: cow: after SIGKILL past sync: synced random data intact" \
		grep -q "ok random file intact" "$SCRATCH/kc2.out"
	check "ubd: cow: after SIGKILL past sync: base unchanged" \
		test "$(sum "$kbase")" = "$kbefore"
else
	kill_now "$SCRATCH/kc.out"
	fail "ubd: cow: SIGKILL past sync" "guest never reported its sync: $(tail -n 3 "$SCRATCH/kc.out")"
fi
rm -f "$kbase" "$SCRATCH/k.cow"

# --- SIGKILL in the middle of writing
mkimg "$img" 64M
start "$SCRATCH/m.out" initrd="$SCRATCH/root.cpio" rdinit=/bin/sh ubd0="$img" -- /guest.sh write-forever
if wait_for "$SCRATCH/m.out" WRITING; then
	sleep 1.5
	kill_now "$SCRATCH/m.out"
	e2fsck -fy "$img" >/dev/null 2>&1
	check "ubd: after SIGKILL mid-write: journal recovers, e2fsck clean" fsck_clean "$img"
else
	kill_now "$SCRATCH/m.out"
	fail "ubd: SIGKILL mid-write" "guest never started writing"
fi

# --- a guest filling its disk
small=$SCRATCH/small.img
mkimg "$small" 8M
guest "$SCRATCH/f.out" fill ubd0="$small"
check "ubd: full disk gives ENOSPC" grep -q "ok ENOSPC" "$SCRATCH/f.out"
check "ubd: full disk unmounts" grep -q "ok umount" "$SCRATCH/f.out"
check "ubd: full disk: e2fsck clean" fsck_clean "$small"
check "ubd: full disk: file written after ENOSPC is there" \
	sh -c "[ \"\$(debugfs -R 'cat /after' '$small' 2>/dev/null)\" = after-full ]"

# --- read-only flag
mkimg "$img" 32M
before=$(sum "$img")
guest "$SCRATCH/ro.out" readonly ubd0r="$img"
check "ubd: r: raw writes refused" sh -c "! grep -q 'not ok raw write' '$SCRATCH/ro.out'"
check "ubd: r: file system writes get EROFS" grep -q "ok EROFS" "$SCRATCH/ro.out"
check "ubd: r: files readable" grep -q base-content "$SCRATCH/ro.out"
check "ubd: r: image unchanged" test "$(sum "$img")" = "$before"

# --- copy-on-write overlay
base=$SCRATCH/base.img
cow=$SCRATCH/over.cow
mkimg "$base" 32M
before=$(sum "$base")
guest "$SCRATCH/c.out" write ubd0="$cow,$base"
check "ubd: cow: guest wrote through the overlay" grep -q "ok umount" "$SCRATCH/c.out"
check "ubd: cow: base never written" test "$(sum "$base")" = "$before"
check "ubd: cow: overlay made, with its magic" sh -c "head -c 8 '$cow' | grep -q HLUBDCOW"
guest "$SCRATCH/c2.out" read ubd0="$cow,$base"
check "ubd: cow: second boot reads the overlay's files" grep -q "ok random file intact" "$SCRATCH/c2.out"
check "ubd: cow: and the base's" grep -q base-only-content "$SCRATCH/c2.out"
check "ubd: cow: base still unchanged" test "$(sum "$base")" = "$before"
# Named alone, an overlay finds its base in its header; with r it is
# read and nothing is written.
guest "$SCRATCH/c3.out" read ubd0="$cow"
check "ubd: cow alone: the overlay's files and the base's" \
	sh -c "grep -q 'ok random file intact' '$SCRATCH/c3.out' &&
		grep -q base-only-content '$SCRATCH/c3.out'"
cow_before=$(sum "$cow")
guest "$SCRATCH/c4.out" readonly ubd0r="$cow"
check "ubd: cow read-only: the overlay's files readable" \
	grep -q hello-from-the-guest "$SCRATCH/c4.out"
check "ubd: cow read-only: writes get EROFS" grep -q "ok EROFS" "$SCRATCH/c4.out"
check "ubd: cow read-only: overlay and base unchanged" \
	test "$(sum "$cow") $(sum "$base")" = "$cow_before $before"

# --- deep queues: 1 MiB, 64 KiB and 4 KiB requests 32 in flight land
# where they should, on the host's file and through an overlay
img=$SCRATCH/pattern.img
dd if=/dev/zero of="$img" bs=1M count=64 status=none
guest "$SCRATCH/p.out" pattern-write ubd0="$img"
check "ubd: deep queues: the guest reads back what it wrote" \
	grep -q "ok pattern verified" "$SCRATCH/p.out"
check "ubd: deep queues: the host's file holds it" \
	sh -c "'$root/pattern' verify '$img' 64 >/dev/null"
printf X | dd of="$img" bs=1 seek=$((40 << 20)) conv=notrunc status=none
check "ubd: deep queues: a changed byte is found" \
	sh -c "! '$root/pattern' verify '$img' 64 >/dev/null"
rm -f "$img"
pbase=$SCRATCH/pattern-base.img
pcow=$SCRATCH/pattern.cow
dd if=/dev/zero of="$pbase" bs=1M count=64 status=none
pbefore=$(sum "$pbase")
guest "$SCRATCH/pc.out" pattern-write ubd0="$pcow,$pbase"
check "ubd: deep queues: through an overlay" \
	grep -q "ok pattern verified" "$SCRATCH/pc.out"
guest "$SCRATCH/pc2.out" pattern-verify ubd0="$pcow,$pbase"
check "ubd: deep queues: the overlay holds it in the next boot" \
	grep -q "ok pattern verified" "$SCRATCH/pc2.out"
check "ubd: deep queues: its base unchanged" test "$(sum "$pbase")" = "$pbefore"
rm -f "$pbase" "$pcow"

# --- several disks, named by number or letter; a partitioned image gives
# the guest its partitions, and flag d keeps them from it.  The image: an
# MBR with one Linux partition from 1 MiB, an ext4 file system in it.
part=$SCRATCH/part.img
truncate -s 32M "$part"
mke2fs -q -t ext4 -d "$SCRATCH/tree" -E offset=$((1 << 20)) -F "$part" 30M \
	>/dev/null 2>&1
# entry 1: type 0x83, from sector 2048 for 61440 sectors; then 0x55aa
printf '\000\000\000\000\203\000\000\000\000\010\000\000\000\360\000\000' |
	dd of="$part" bs=1 seek=446 conv=notrunc status=none
printf '\125\252' | dd of="$part" bs=1 seek=510 conv=notrunc status=none
truncate -s 8M "$SCRATCH/b.img"
truncate -s 12M "$SCRATCH/p.img"
guest "$SCRATCH/dk.out" disks ubd0="$part" ubdb="$SCRATCH/b.img" \
	ubd15r="$SCRATCH/p.img"
check "ubd: disks: a partition of a partitioned image" \
	grep -q "disk ubda1 30720" "$SCRATCH/dk.out"
check "ubd: disks: its file system mounts" \
	grep -q "partition: base-content" "$SCRATCH/dk.out"
check "ubd: disks: ubdb= is /dev/ubdb" grep -q "disk ubdb 8192" "$SCRATCH/dk.out"
check "ubd: disks: ubd15= is /dev/ubdp" grep -q "disk ubdp 12288" "$SCRATCH/dk.out"
guest "$SCRATCH/dd.out" disks ubd0d="$part"
check "ubd: disks: flag d: no partitions" \
	sh -c "grep -q 'disk ubda 32768' '$SCRATCH/dd.out' &&
		! grep -q ubda1 '$SCRATCH/dd.out'"
check "ubd: disks: the partition's file system e2fsck clean" \
	sh -c "e2fsck -fn '$part?offset=$((1 << 20))' >/dev/null 2>&1"
rm -f "$part" "$SCRATCH/b.img" "$SCRATCH/p.img"

# --- flag s: a write is on the host's disk when it completes.  The guest
# sees a write-through disk, and each host write asks for it (RWF_DSYNC,
# in strace of the kernel's own thread); without s, neither.
# traced OUT MODE UBD-ARGS...: guest(), with the host's writes in OUT.trace
traced() {
	printf '#!/bin/sh\nexec strace -o "%s" -s 0 -e trace=io_submit,pwritev,pwritev2 -v "%s" "$@"\n' \
		"$1.trace" "$LINUX" >"$SCRATCH/traced-linux"
	chmod +x "$SCRATCH/traced-linux"
	(LINUX=$SCRATCH/traced-linux && guest "$@")
}
truncate -s 16M "$SCRATCH/s.img"
traced "$SCRATCH/s.out" direct-write ubd0s="$SCRATCH/s.img"
traced "$SCRATCH/ns.out" direct-write ubd0="$SCRATCH/s.img"
check "ubd: s: the guest writes" grep -q "ok written" "$SCRATCH/s.out"
check "ubd: s: the guest sees a write-through disk" \
	grep -q "cache: write through" "$SCRATCH/s.out"
check "ubd: s: every host write of the 8 is synchronous" \
	test "$(grep -o 'aio_rw_flags=RWF_DSYNC, aio_lio_opcode=IOCB_CMD_PWRITEV' \
		"$SCRATCH/s.out.trace" | wc -l)" -ge 8
check "ubd: without s: a write-back disk, written without RWF_DSYNC" \
	sh -c "grep -q 'cache: write back' '$SCRATCH/ns.out' &&
		grep -q PWRITEV '$SCRATCH/ns.out.trace' &&
		! grep -q RWF_DSYNC '$SCRATCH/ns.out.trace'"
rm -f "$SCRATCH/s.img"

# --- discard and write zeroes reach the host's file: a discarded range
# becomes a hole, a zeroed one reads zeroes, the rest is untouched.  With
# flag t, or through an overlay, the guest is told there is no discard
# (and its block layer zeroes by writing).
patterned() {
	dd if=/dev/zero of="$1" bs=1M count=64 status=none
	"$root/pattern" write "$1" 64 >/dev/null
}
# expect IMAGE DISCARDED: the pattern image, zeroed where the guest zeroes
expect() {
	patterned "$1"
	if [ "$2" = discarded ]; then
		dd if=/dev/zero of="$1" bs=1M seek=8 count=8 conv=notrunc status=none
	fi
	dd if=/dev/zero of="$1" bs=1M seek=24 count=4 conv=notrunc status=none
}
img=$SCRATCH/discard.img
want=$SCRATCH/expected.img
patterned "$img"
used_before=$(stat -c %b "$img")
guest "$SCRATCH/d.out" discard ubd0="$img"
expect "$want" discarded
check "ubd: discard: the guest discards a range" grep -q "ok discarded" "$SCRATCH/d.out"
check "ubd: write zeroes: the guest zeroes a range" grep -q "ok zeroed" "$SCRATCH/d.out"
check "ubd: discard, write zeroes: zeroes there, the rest unchanged" \
	cmp -s "$img" "$want"
check "ubd: discard: the host file gave the range back" \
	test "$(stat -c %b "$img")" -le $((used_before - (8 << 20) / 512))
patterned "$img"
guest "$SCRATCH/dt.out" discard ubd0t="$img"
expect "$want" kept
check "ubd: discard: flag t: not offered to the guest" \
	grep -q "discard: .*not supported" "$SCRATCH/dt.out"
check "ubd: discard: flag t: only the zeroed range changed" cmp -s "$img" "$want"
patterned "$img"
base_sum=$(sum "$img")
guest "$SCRATCH/dc.out" discard ubd0="$SCRATCH/d.cow,$img"
check "ubd: discard: not offered through an overlay" \
	grep -q "discard: .*not supported" "$SCRATCH/dc.out"
check "ubd: discard: through an overlay the base is unchanged" \
	test "$(sum "$img")" = "$base_sum"
rm -f "$img" "$want" "$SCRATCH/d.cow"
mkimg "$img" 64M
used_before=$(stat -c %b "$img")
guest "$SCRATCH/tr.out" trim ubd0="$img"
check "ubd: fstrim: the guest trims its file system" grep -q "ok trimmed" "$SCRATCH/tr.out"
check "ubd: fstrim: a removed 16 MiB file's space goes back to the host" \
	test "$(stat -c %b "$img")" -lt $((used_before + (8 << 20) / 512))
check "ubd: fstrim: e2fsck clean" fsck_clean "$img"
rm -f "$img"

# --- O_DIRECT pins a buffer's pages for the disk: from memory the guest
# process may not read, or into memory it may not write, EFAULT and
# nothing moved (tests/ubd/dio_access.c)
img=$SCRATCH/dio.img
dd if=/dev/zero bs=4k count=4 status=none | tr '\000' D >"$img"
guest "$SCRATCH/da.out" dio-access ubd0="$img"
check "ubd: O_DIRECT write from a PROT_NONE page: EFAULT" \
	grep -q "ok write from PROT_NONE: EFAULT" "$SCRATCH/da.out"
check "ubd: O_DIRECT read into a PROT_READ page: EFAULT" \
	grep -q "ok read into PROT_READ: EFAULT" "$SCRATCH/da.out"
check "ubd: O_DIRECT: the refused write left its block as it was" \
	test "$(dd if="$img" bs=4k count=1 status=none | tr -d D | wc -c)" -eq 0
check "ubd: O_DIRECT: the page made readable is written" \
	test "$(dd if="$img" bs=4k skip=2 count=1 status=none | tr -d N | wc -c)" -eq 0
rm -f "$img"

# --- bad input: one line naming the file, status 2, files unchanged
# refused NAME FILE-TO-WATCH FILE-NAMED ARGS...
refused() {
	name=$1
	watch=$2
	named=$3
	shift 3
	b=$(sum "$watch")
	boot "$SCRATCH/bad.out" 20 initrd="$SCRATCH/root.cpio" rdinit=/bin/sh "$@" -- /guest.sh write
	st=$(status_of "$SCRATCH/bad.out")
	if [ "$st" != 2 ]; then
		fail "ubd: refused: $name" "status $st: $(head -n 2 "$SCRATCH/bad.out")"
	elif [ "$(wc -l <"$SCRATCH/bad.out")" != 1 ]; then
		fail "ubd: refused: $name" "not one line: $(head -n 3 "$SCRATCH/bad.out")"
	elif ! grep -qF "$named" "$SCRATCH/bad.out"; then
		fail "ubd: refused: $name" "file not named: $(cat "$SCRATCH/bad.out")"
	elif [ "$(sum "$watch")" != "$b" ]; then
		fail "ubd: refused: $name" "image changed"
	else
		pass "ubd: refused: $name"
	fi
}
mkimg "$img" 32M
refused "missing file" "$img" "$SCRATCH/missing.img" ubd0="$SCRATCH/missing.img"
mkdir "$SCRATCH/dir.img"
refused "a directory" "$img" "$SCRATCH/dir.img" ubd0="$SCRATCH/dir.img"
cp "$img" "$SCRATCH/ro.img"
chmod 444 "$SCRATCH/ro.img"
refused "read-only file without r" "$SCRATCH/ro.img" "$SCRATCH/ro.img" ubd0="$SCRATCH/ro.img"
head -c 16M "$img" >"$SCRATCH/trunc.img"
refused "truncated image" "$SCRATCH/trunc.img" "$SCRATCH/trunc.img" ubd0="$SCRATCH/trunc.img"
cp "$img" "$SCRATCH/corrupt.img"
printf '\377\377\377\377' | dd of="$SCRATCH/corrupt.img" bs=1 seek=1028 conv=notrunc 2>/dev/null
refused "corrupt ext4 super block" "$SCRATCH/corrupt.img" "$SCRATCH/corrupt.img" ubd0="$SCRATCH/corrupt.img"
refused "same image twice" "$img" "$img" ubd0="$img" ubd1="$img"
touch -d "2001-01-01" "$base"
refused "overlay whose base changed" "$cow" "$cow" ubd0="$cow,$base"
start "$SCRATCH/hold.out" initrd="$SCRATCH/root.cpio" rdinit=/bin/sh ubd0="$img" -- /guest.sh sync-then-wait
if wait_for "$SCRATCH/hold.out" SYNC-RETURNED; then
	refused "image locked by another ./linux" "$img" "$img" ubd0="$img"
else
	fail "ubd: refused: image locked by another ./linux" "first ./linux did not start"
fi
kill_now "$SCRATCH/hold.out"
refused "bad flag" "$img" "$img" ubd0x="$img"
truncate -s 1M "$SCRATCH/vm.qcow2"
printf 'QFI\373\000\000\000\003' | dd of="$SCRATCH/vm.qcow2" conv=notrunc status=none
refused "a qcow2 image, writable" "$SCRATCH/vm.qcow2" "$SCRATCH/vm.qcow2" \
	ubd1="$SCRATCH/vm.qcow2"
refused "an overlay's base as another disk" "$base" "$base" \
	ubd0="$SCRATCH/reuse.cow,$base" ubd1="$base"
check "ubd: refused: no overlay left made for an earlier disk" \
	test ! -e "$SCRATCH/reuse.cow"
refused "an overlay on an overlay" "$cow" "$cow" \
	ubd0="$SCRATCH/chain.cow,$cow"
check "ubd: refused: no overlay made on an overlay" test ! -e "$SCRATCH/chain.cow"
mv "$base" "$base.away"
refused "overlay whose base is gone" "$cow" "$cow: the base image it names, $base" \
	ubd0="$cow"
mv "$base.away" "$base"
refused "read-only overlay that does not exist" "$base" "$SCRATCH/none.cow" \
	ubd0r="$SCRATCH/none.cow,$base"
check "ubd: refused: a read-only overlay is not made" test ! -e "$SCRATCH/none.cow"

# --- the host's file size limit (ulimit -f) binds images and guest
# memory: what would cross it is refused, what is under it works (the
# stubs' shared memory is sized to fit), and a limit lowered while the
# guest runs gives the guest EIO, not the end of ./linux.  Under sh,
# ulimit -f counts 512-byte blocks.
big=$SCRATCH/big.img
mkimg "$big" 64M
mkimg "$img" 32M
(
	ulimit -f $((48 * 2048))
	refused "image over the file size limit" "$big" "$big" mem=32M ubd0="$big"
	refused "overlay over the file size limit" "$big" "$SCRATCH/lim.cow" \
		mem=32M ubd0="$SCRATCH/lim.cow,$big"
	refused "guest memory over the file size limit" "$img" "mem=64M" \
		mem=64M ubd0="$img"
	guest "$SCRATCH/lr.out" readonly mem=32M ubd0r="$big"
	guest "$SCRATCH/lw.out" write mem=32M ubd0="$img"
)
# A host block device is not bound by the limit (root only: a loop device).
if [ "$(id -u)" = 0 ] && loop=$(losetup -f --show "$big" 2>/dev/null); then
	(
		ulimit -f $((48 * 2048))
		guest "$SCRATCH/lb.out" write mem=32M ubd0="$loop"
	)
	losetup -d "$loop"
	check "ubd: file size limit: a larger host block device is written" \
		grep -q "ok umount" "$SCRATCH/lb.out"
	check "ubd: file size limit: the block device's file system is clean" \
		fsck_clean "$big"
fi
check "ubd: file size limit: no overlay left behind" test ! -e "$SCRATCH/lim.cow"
check "ubd: file size limit: an image over it reads with r" \
	grep -q base-content "$SCRATCH/lr.out"
check "ubd: file size limit: guest processes run under it" \
	grep -q "ok umount" "$SCRATCH/lw.out"
check "ubd: file size limit: e2fsck clean" fsck_clean "$img"

# high_write_checks WHAT OUT IMAGE LAST: guest.sh high-write-fails got
# EIO, ./linux powered off normally, and the low write reached IMAGE.
high_write_checks() {
	check "ubd: $1: the guest gets EIO" \
		grep -q "high write: .*Input/output error" "$2"
	check "ubd: $1: ./linux goes on and powers off" \
		test "$(status_of "$2")" = 0
	check "ubd: $1: $4" test "$(dd if="$3" bs=4k skip=10 count=1 2>/dev/null |
		head -c 15)" = low-after-error
}
rm -f "$img"
truncate -s 64M "$img"
start "$SCRATCH/ll.out" initrd="$SCRATCH/root.cpio" rdinit=/bin/sh ubd0="$img" -- /guest.sh high-write-fails
if wait_for "$SCRATCH/ll.out" READY; then
	prlimit --pid "$(cat "$SCRATCH/ll.out.pid")" --fsize=$((16 << 20))
	wait_for "$SCRATCH/ll.out" GUEST-DONE
	wait "$(cat "$SCRATCH/ll.out.pid")"
	echo $? >"$SCRATCH/ll.out.status"
	rm -f "$SCRATCH/ll.out.pid"
	high_write_checks "limit lowered" "$SCRATCH/ll.out" "$img" \
		"a write below it lands"
else
	fail "ubd: limit lowered" "guest did not start: $(tail -n 3 "$SCRATCH/ll.out")"
fi

# A full host file system gives the guest EIO the same way, and a
# block the image already holds is still written (root only: a small
# tmpfs; the image is sparse, the block at 40 KiB allocated first).
if [ "$(id -u)" = 0 ] && mkdir "$SCRATCH/full" &&
	mount -t tmpfs -o size=8M tmpfs "$SCRATCH/full" 2>/dev/null; then
	full=$SCRATCH/full/disk.img
	truncate -s 64M "$full"
	dd if=/dev/zero of="$full" bs=4k seek=10 count=1 conv=notrunc 2>/dev/null
	dd if=/dev/zero of="$SCRATCH/full/filler" bs=64k 2>/dev/null || true
	guest "$SCRATCH/fe.out" high-write-fails mem=32M ubd0="$full"
	high_write_checks "host file system full" "$SCRATCH/fe.out" "$full" \
		"a block the image holds is written"
	umount "$SCRATCH/full"
fi

# --- not root
if [ "$(id -u)" = 0 ]; then
	mkimg "$img" 32M
	chmod 666 "$img"
	chmod 755 "$SCRATCH"
	chmod 644 "$SCRATCH/root.cpio"
	LINUX_SAVED=$LINUX
	timeout -k 5 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$LINUX_SAVED" initrd="$SCRATCH/root.cpio" rdinit=/bin/sh ubd0="$img" \
		-- /guest.sh write </dev/null >"$SCRATCH/n.out" 2>&1
	check "ubd: as nobody: write and poweroff" grep -q "ok umount" "$SCRATCH/n.out"
	check "ubd: as nobody: e2fsck clean" fsck_clean "$img"
fi
