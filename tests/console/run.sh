#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The console as a job-control terminal: ./linux on a host pseudo
# terminal, a busybox shell on it, driven like a user at a keyboard.

. "$(dirname "$0")/../lib.sh"

root=$SCRATCH/root
busybox_root "$root"
cat >"$root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# /dev/console cannot be a controlling terminal; the tty behind it can,
# for a session leader.  The shell is not init itself: stop signals to
# jobs whose parent is init are discarded (their groups count as
# orphaned), so Ctrl-Z would do nothing.
setsid cttyhack /bin/sh -i
poweroff -f
INIT
chmod 755 "$root/init"
cpio_of "$root" "$SCRATCH/root.cpio"

python3 "$REPO/tests/console/interact.py" "$LINUX" "$SCRATCH/root.cpio" \
	"$SCRATCH/console.pid"
