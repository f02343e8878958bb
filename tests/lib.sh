# SPDX-License-Identifier: GPL-2.0
#
# Shared by the test scripts: a scratch directory that always goes away,
# and running ./linux with a time limit.  Each test script prints one
# "PASS: name" or "FAIL: name: why" line per check.

REPO=$(cd "$(dirname "$0")/../.." && pwd)
LINUX=${LINUX:-$REPO/linux}
. "$REPO/tests/busybox-root.sh"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/hostlinux-test.XXXXXX")
chmod 755 "$SCRATCH"
cleanup() {
	# Nothing of ours may outlive the test: kill what is still running.
	for p in $(cat "$SCRATCH"/*.pid 2>/dev/null); do
		kill -KILL "$p" 2>/dev/null || true
	done
	# A file system a test mounted under the scratch directory (root).
	awk -v d="$SCRATCH/" 'index($2, d) == 1 { print $2 }' /proc/mounts |
		while read -r m; do umount -l "$m"; done
	rm -rf "$SCRATCH"
}
trap cleanup EXIT INT TERM

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

# check NAME CONDITION-COMMAND... : pass or fail on the command's status
check() {
	name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "$*"; fi
}

# boot OUTFILE SECONDS ARGS... : run ./linux, output and status saved
boot() {
	out=$1
	secs=$2
	shift 2
	timeout -k 5 "$secs" "$LINUX" "$@" </dev/null >"$out" 2>&1
	echo $? >"$out.status"
}

status_of() { cat "$1.status"; }
