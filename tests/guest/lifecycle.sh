#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest processes come and go without leaving anything on the host:
# 2,000 fork/exec/exit cycles leave no host process, descriptor or
# memory behind; a guest process killed from inside or from the host
# takes nothing else down; no host process of the guest survives the
# kernel, whether it powers off or is killed with SIGKILL.

. "$(dirname "$0")/../lib.sh"

root=$SCRATCH/root
busybox_root "$root"
cat >"$root/cycles.sh" <<'GUEST'
#!/bin/sh
mount -t proc proc /proc
mount -t devtmpfs dev /dev
echo "phase before"
sleep 2
i=0
while [ $i -lt 2000 ]; do /bin/true; i=$((i + 1)); done
echo "cycles done $i"
echo "phase after"
sleep 2
# A guest process killed from inside: the rest goes on.
sh -c 'while :; do :; done' &
spin=$!
sleep 0.3
kill -KILL $spin
wait $spin
echo "inside kill status $?"
# One for the host to kill: its host process goes, the kernel stays.
# It sleeps far longer than the host waits: only the kill ends it.
sleep 1000 &
victim=$!
# The host picks it once exec'd (no fork meanwhile: builtins only).
until read -r name <"/proc/$victim/comm" && [ "$name" = sleep ]; do :; done
echo "victim-pid $victim"
wait $victim
echo "victim status $?"
echo "phase end"
sleep 30
GUEST
chmod 755 "$root/cycles.sh"
cpio_of "$root" "$SCRATCH/root.cpio"

wait_for() {	# PATTERN SECONDS
	n=0
	while ! grep -q "$1" "$out"; do
		n=$((n + 1))
		[ $n -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
}
# Live ones: an address space discarded is reaped at the next call.
stubs_of() {
	for p in $(pgrep -P "$1" linux-stub); do
		grep -q '^[^)]*) Z' /proc/"$p"/stat 2>/dev/null || echo "$p"
	done | sort
}
nfds() { ls /proc/"$1"/fd | wc -l; }
rss_kib() { awk '/^VmRSS/ { print $2 }' /proc/"$1"/status; }
# Live host processes of @pids that are still a guest's (zombies are
# gone already; the host's init may be slow to reap them).
alive_stubs() {
	# PTRACE_O_EXITKILL kills them as the kernel exits: give it a moment.
	tries=0
	while [ $tries -lt 20 ] && [ "$(count_stubs "$@")" != 0 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	count_stubs "$@"
}
count_stubs() {
	n=0
	for p in "$@"; do
		state=$(awk '{ print $3 }' /proc/"$p"/stat 2>/dev/null)
		if [ -n "$state" ] && [ "$state" != Z ] &&
		   [ "$(cat /proc/"$p"/comm 2>/dev/null)" = linux-stub ]; then
			n=$((n + 1))
		fi
	done
	echo $n
}

out=$SCRATCH/cycles.out
# Under each backend of guest processes (os/uspace.h).
cycles_and_kills() {	# BACKEND
	backend=$1
	"$LINUX" mem=128M uspace="$backend" initrd="$SCRATCH/root.cpio" \
		rdinit=/cycles.sh </dev/null >"$out" 2>&1 &
	kpid=$!
	echo $kpid >"$SCRATCH/kernel.pid"

	wait_for "phase before" 30
	sleep 0.5
	stubs1=$(stubs_of $kpid | wc -l)
	fds1=$(nfds $kpid)
	rss1=$(rss_kib $kpid)
	wait_for "phase after" 300
	sleep 0.5
	stubs2=$(stubs_of $kpid | wc -l)
	fds2=$(nfds $kpid)
	rss2=$(rss_kib $kpid)
	check "lifecycle ($backend): 2000 fork/exec/exit cycles ran" grep -q "cycles done 2000" "$out"
	check "lifecycle ($backend): no host process left by the cycles ($stubs1 -> $stubs2)" \
		test "$stubs1" = "$stubs2"
	check "lifecycle ($backend): no descriptor left by the cycles ($fds1 -> $fds2)" \
		test "$fds1" = "$fds2"
	check "lifecycle ($backend): host memory steady over the cycles (${rss1} -> ${rss2} KiB)" \
		test $((rss2 - rss1)) -lt 16384

	wait_for "victim-pid" 30
	check "lifecycle ($backend): a guest process killed inside, the kernel goes on" \
		grep -q "inside kill status 137" "$out"
	# Two host processes map guest memory (below the stub, 0x7ff000000000):
	# the shell's and, started later, the one of the guest's sleep.  One
	# made ahead for the next fork maps nothing there.
	victim=
	newest=0
	for p in $(stubs_of $kpid); do
		grep -qE '^([0-9a-f]{8,11}|[0-6][0-9a-f]{11}|7f[0-e][0-9a-f]{9})-' \
			/proc/"$p"/maps 2>/dev/null || continue
		started=$(sed 's/^.*) //' /proc/"$p"/stat 2>/dev/null | cut -d' ' -f20)
		if [ "${started:-0}" -ge "$newest" ]; then
			newest=$started
			victim=$p
		fi
	done
	kill -KILL "$victim" 2>/dev/null
	# The kernel hears of it at once, though the guest's process sleeps.
	wait_for "phase end" 20
	check "lifecycle ($backend): host SIGKILL of a guest's process kills only that process" \
		grep -q "victim status 137" "$out"
	check "lifecycle ($backend): the kernel says which process it lost" \
		grep -q "host process of sleep\[[0-9]*\] ended: killed" "$out"
	check "lifecycle ($backend): the kernel survives it" kill -0 $kpid

	# SIGKILL of the kernel: every host process of the guest goes with it.
	stubs=$(stubs_of $kpid)
	kill -KILL $kpid
	wait $kpid 2>/dev/null
	sleep 0.5
	# shellcheck disable=SC2086
	left=$(alive_stubs $stubs)
	check "lifecycle ($backend): no guest process outlives SIGKILL of the kernel ($left left)" \
		test $left = 0
}

for backend in seccomp ptrace; do
	cycles_and_kills $backend
done

# An orderly poweroff leaves nothing either.
cat >"$root/cycles.sh" <<'GUEST'
#!/bin/sh
sleep 1 & sleep 1 & sleep 5 &
sleep 0.5
poweroff -f
GUEST
cpio_of "$root" "$SCRATCH/root.cpio"
"$LINUX" mem=128M initrd="$SCRATCH/root.cpio" rdinit=/cycles.sh </dev/null >"$out" 2>&1 &
kpid=$!
echo $kpid >"$SCRATCH/kernel.pid"
sleep 0.3
stubs=$(stubs_of $kpid)
wait $kpid
status=$?
# shellcheck disable=SC2086
left=$(alive_stubs $stubs)
check "lifecycle: poweroff exits 0" test $status = 0
check "lifecycle: no guest process outlives poweroff (${left} of $(echo $stubs | wc -w) left)" \
	test $left = 0
