#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest as init (busybox sh).  Prints "ok NAME" or
# "not ok NAME" per check; the host side counts them.

ok() { if [ "$2" = "$3" ]; then echo "ok $1"; else echo "not ok $1: got '$2' want '$3'"; fi; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
mount -t devtmpfs devtmpfs /dev

ok "fork and exec" "$(/bin/echo forked)" "forked"
ok "pipes" "$(echo a b c | tr ' ' '\n' | wc -l)" "3"
ok "arithmetic in a subshell" "$( (echo $((1 << 20))) )" "1048576"
ok "files on tmpfs" "$(echo data >/tmp/f; cat /tmp/f; rm /tmp/f; ls /tmp | wc -l)" "data
0"
ok "big file round trip" "$(dd if=/dev/zero of=/tmp/big bs=1k count=4096 2>/dev/null; wc -c </tmp/big)" "4194304"
rm -f /tmp/big
ok "/proc sees itself" "$(cat /proc/self/stat | cut -d' ' -f2)" "(cat)"
ok "/proc/cpuinfo" "$(grep -c ^processor /proc/cpuinfo)" "1"
ok "signal handler runs and returns" \
	"$(sh -c 'trap "echo caught" USR1; kill -USR1 $$; echo after')" "caught
after"
ok "exit status of a killed child" "$(sh -c 'kill -TERM $$'; echo $?)" "143"
ok "background jobs and wait" "$(sleep 0.1 & sleep 0.1 & wait; echo done)" "done"
ok "many processes" "$(i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i + 1)); done; echo $i)" "100"
ok "uname" "$(uname -sm)" "Linux um"
ok "hostname" "$(hostname guest; hostname)" "guest"
# Each program prints its own ok/not ok lines; a crash shows in its status.
for prog in /progs/*; do
	"$prog"
	ok "program ${prog##*/} exits 0" "$?" "0"
done
echo "guest checks done"
exec poweroff -f
