#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs as init of a Debian bookworm root (debootstrap --variant=minbase)
# inside ./linux: dynamically linked Debian programs, each check one
# "ok NAME" or "not ok NAME" line.  Powers off with the static busybox
# the test put beside it (minbase has no poweroff).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmpfs /tmp

t() {
	local out
	if out=$(eval "$2" 2>&1); then
		echo "ok $1"
	else
		echo "not ok $1: $(echo "$out" | head -n 2 | tr '\n' ' ')"
	fi
}

t "bash runs as init" 'test -n "$BASH_VERSION" && test $$ = 1'
t "the dynamic loader and libc (ldd /bin/ls)" 'ldd /bin/ls | grep -q "libc.so.6"'
t "coreutils: ls, cat, sort, uniq" \
	'test "$(printf "b\na\nb\n" | sort | uniq | tr -d "\n")" = ab && ls / | grep -q etc && cat /etc/debian_version >/dev/null'
t "coreutils: sha256sum" 'echo -n abc | sha256sum | grep -q ^ba7816bf'
t "coreutils: date, stat, id" 'date +%Y | grep -q "^20" && stat -c %F / | grep -q directory && test "$(id -un)" = root'
t "perl" 'test "$(perl -e "print 6 * 7")" = 42'
t "perl modules (POSIX, File::Temp)" 'perl -MPOSIX -MFile::Temp=tempfile -e "my (\$fh) = tempfile(); print floor(2.5)" | grep -qx 2'
t "dpkg -l lists the installed packages" 'test "$(dpkg -l | grep -c "^ii ")" -gt 50 && dpkg -l bash | grep -q "^ii  bash"'
t "apt-get --version" 'apt-get --version | grep -q "^apt "'
t "getent passwd through NSS" 'getent passwd root | grep -q "^root:"'
t "find, xargs, grep -r" 'find /etc -name "*.conf" | head -n 5 | xargs cat >/dev/null && grep -rq root /etc/passwd'
t "gzip and tar" 'tar -C /etc -czf /tmp/e.tgz hostname passwd && tar -tzf /tmp/e.tgz | grep -q passwd'
t "sed and awk (mawk)" 'test "$(echo a-b | sed s/-/+/ | awk -F+ "{ print \$2 }")" = b'
t "bash job control pieces: subshells, wait, traps" \
	'( sleep 0.1 & wait $! ); trap "echo trapped" USR1; kill -USR1 $$ 2>/dev/null; true'
t "locale fallback (C.UTF-8)" 'LANG=C.UTF-8 ls / >/dev/null && locale 2>/dev/null | grep -q LANG'
echo "debian checks done"
exec /busybox poweroff -f
