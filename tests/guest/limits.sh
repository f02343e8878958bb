#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ./linux under the host's resource limits (os-Linux/limits.c).  Under
# the usual soft descriptor limit of 1024 (each guest process costs the
# kernel's host process one descriptor) the guest still runs 1,200
# processes at once.  Under an address space limit (ulimit -v) of 1 GiB
# it boots and runs processes, and under one too low for mem= it says so
# in one line, status 2.  (The file size limit: tests/ubd/safety.sh.)

. "$(dirname "$0")/../lib.sh"

root=$SCRATCH/root
busybox_root "$root"
cat >"$root/sleepers.sh" <<'GUEST'
#!/bin/sh
# sleepers.sh N: start N sleeping processes, then count them.
mount -t proc proc /proc
mount -t devtmpfs dev /dev
(
	i=0
	while [ $i -lt "$1" ]; do
		sleep 1000 &
		i=$((i + 1))
	done
) 2>/tmp/err
# Builtins only: counted without a fork.  A child just forked may not
# have become sleep yet: count again for a while until all have.
tries=0
while :; do
	n=0
	for comm in /proc/[0-9]*/comm; do
		read -r name <"$comm" 2>/dev/null && [ "$name" = sleep ] &&
			n=$((n + 1))
	done
	{ [ $n -ge "$1" ] || [ $tries -ge 100 ]; } && break
	tries=$((tries + 1))
	sleep 0.1
done
echo "sleepers $n"
[ -s /tmp/err ] && echo "fork errors: $(head -n 1 /tmp/err)" || echo "fork errors none"
poweroff -f
GUEST
chmod +x "$root/sleepers.sh"
cpio_of "$root" "$SCRATCH/root.cpio"

if [ "$(ulimit -H -n)" != unlimited ] && [ "$(ulimit -H -n)" -lt 4096 ]; then
	pass "limits: 1200 processes under a soft descriptor limit of 1024 (skipped: hard limit $(ulimit -H -n))"
	exit 0
fi
(
	ulimit -S -n 1024
	boot "$SCRATCH/many.out" 120 mem=512M initrd="$SCRATCH/root.cpio" \
		rdinit=/bin/sh -- /sleepers.sh 1200
)
check "limits: 1200 guest processes under a soft descriptor limit of 1024" \
	grep -q "sleepers 1200" "$SCRATCH/many.out"
check "limits: no fork failed" grep -q "fork errors none" "$SCRATCH/many.out"
check "limits: powered off, status 0" test "$(status_of "$SCRATCH/many.out")" = 0

(
	ulimit -v $((1 << 20))
	boot "$SCRATCH/as.out" 60 mem=256M initrd="$SCRATCH/root.cpio" \
		rdinit=/bin/sh -- /sleepers.sh 100
)
check "limits: under ulimit -v 1 GiB the guest runs 100 processes" \
	grep -qw "sleepers 100" "$SCRATCH/as.out"
check "limits: under ulimit -v 1 GiB it powers off, status 0" \
	test "$(status_of "$SCRATCH/as.out")" = 0
(
	ulimit -v $((400 << 10))
	boot "$SCRATCH/as-low.out" 60 mem=256M initrd="$SCRATCH/root.cpio" \
		rdinit=/bin/sh -- /sleepers.sh 100
)
check "limits: ulimit -v too low for mem=: status 2" \
	test "$(status_of "$SCRATCH/as-low.out")" = 2
check "limits: ulimit -v too low for mem=: one line naming it" \
	sh -c "test \"\$(wc -l <'$SCRATCH/as-low.out')\" = 1 && grep -q 'ulimit -v' '$SCRATCH/as-low.out'"
