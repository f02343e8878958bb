#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The default root file system: busybox (Debian's busybox-static) with an
# init that mounts /proc, /sys, /dev, /tmp and /run and starts a shell on
# the console; leaving the shell powers the guest off.
#
#   scripts/mkrootfs.sh [OUT-DIR]
#
# writes OUT-DIR/rootfs.img (ext4, made by mke2fs -d without root) and
# OUT-DIR/rootfs.cpio (the same tree as an initramfs, for booting with
# initrd= while there is no block driver).  OUT-DIR defaults to the
# current directory.
set -eu

out=${1:-.}
busybox=${BUSYBOX:-/bin/busybox}
size=${ROOTFS_SIZE:-64M}

if ! "$busybox" --list >/dev/null 2>&1; then
	echo "mkrootfs: no static busybox at $busybox (apt install busybox-static)" >&2
	exit 2
fi
command -v mke2fs >/dev/null || {
	echo "mkrootfs: no mke2fs (apt install e2fsprogs)" >&2
	exit 2
}

tree=$(mktemp -d "${TMPDIR:-/tmp}/hostlinux-rootfs.XXXXXX")
trap 'rm -rf "$tree"' EXIT

mkdir -p "$tree/bin" "$tree/sbin" "$tree/etc" "$tree/proc" "$tree/sys" \
	"$tree/dev" "$tree/tmp" "$tree/run" "$tree/root" "$tree/mnt" \
	"$tree/usr/bin" "$tree/usr/sbin" "$tree/var/log"
chmod 1777 "$tree/tmp"
chmod 700 "$tree/root"

cat >"$tree/sbin/init" <<'INIT'
#!/bin/sh
# hostlinux's default init: mount the usual, then a shell on the console.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
# A root on a block device comes read-only; make it writable.
mount -o remount,rw / 2>/dev/null
hostname -F /etc/hostname
echo "hostlinux: busybox root; leave the shell to power off"
# Not exec'd: the shell must not be init itself, or Ctrl-Z would do
# nothing (stop signals to children of init are discarded).  setsid and
# cttyhack give it the console's tty as its controlling terminal.
#
# busybox's poweroff, halt and reboot (also what the kernel runs for a
# host SIGTERM) ask init with SIGUSR2, SIGUSR1 and SIGTERM: the shell
# waits in `wait`, which a trapped signal interrupts.
trap 'sync; poweroff -f' USR2 TERM
trap 'sync; halt -f' USR1
setsid cttyhack /bin/sh -l &
wait $!
sync
poweroff -f
INIT
chmod 755 "$tree/sbin/init"
ln -s /sbin/init "$tree/init"

echo hostlinux >"$tree/etc/hostname"
cat >"$tree/etc/passwd" <<'EOT'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOT
cat >"$tree/etc/group" <<'EOT'
root:x:0:
nogroup:x:65534:
EOT
cat >"$tree/etc/profile" <<'EOT'
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
PS1='\h:\w\$ '
cd "$HOME"
EOT
echo "/dev/ubda / ext4 defaults 0 1" >"$tree/etc/fstab"

# Applet links last: they point at /bin/busybox, absolute, which outside
# the guest is the host's; nothing may be written through them here.
cp "$busybox" "$tree/bin/busybox"
for applet in $("$busybox" --list-full); do
	[ -e "$tree/$applet" ] || [ -L "$tree/$applet" ] ||
		ln -s /bin/busybox "$tree/$applet"
done

img=$out/rootfs.img
cpio_out=$out/rootfs.cpio
# Built aside and renamed: an image a guest is using is never rewritten.
: >"$img.new"
mke2fs -q -F -t ext4 -L hostlinux -E root_owner=0:0 -d "$tree" \
	"$img.new" "$size"
mv -f "$img.new" "$img"
(cd "$tree" && find . | cpio -o -H newc --quiet -R 0:0) >"$cpio_out.new"
mv -f "$cpio_out.new" "$cpio_out"
echo "mkrootfs: $img ($size ext4) and $cpio_out"
