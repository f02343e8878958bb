# SPDX-License-Identifier: GPL-2.0
#
# Sourced by bench/io.sh and bench/io-ab.sh, with $repo, $tmp and $secs
# set: bench/io.c built static, also as a guest's init; the image; and
# how each system runs one workload on it.

img=$tmp/disk.img

io_build() {
	gcc -O2 -static -Wall -Wextra -Werror -o "$tmp/io" "$repo/bench/io.c"
	mkdir -p "$tmp/root/proc" "$tmp/root/dev"
	cp "$tmp/io" "$tmp/root/init"
	(cd "$tmp/root" && find . | cpio -o -H newc --quiet) >"$tmp/root.cpio"
}

# A new image, written past the host's page cache: dirty pages of its
# own would be written back during the first workload (an O_DIRECT write
# flushes the range first), which then measured two writes for one.
fresh() {
	rm -f "$img"
	dd if=/dev/zero of="$img" bs=1M count=256 oflag=direct status=none \
		2>/dev/null ||
		dd if=/dev/zero of="$img" bs=1M count=256 conv=fsync status=none
}

# io_native WORKLOAD; io_guest KERNEL WORKLOAD: the workload's output.
io_native() { env IO_ONLY="$1" "$tmp/io" "$img" 256 "$secs"; }
io_guest() {
	timeout 300 "$1" mem=256M initrd="$tmp/root.cpio" ubd0="$img" \
		IO_ONLY="$2" IO_SECONDS="$secs"
}

# ... | io_result NAME WORKLOAD: the workload's value from a run's output
# as "NAME WORKLOAD VALUE", or nothing if the run failed.
io_result() {
	tr -d '\r' | awk -v s="$1" -v w="$2" '$1 == w && NF == 3 { print s, w, $2 }'
}
