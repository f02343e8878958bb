#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every test of hostlinux, as `make test` and CI run them.  Each check
# prints PASS or FAIL; the last line is "N passed, M failed" and the
# exit status is non-zero when anything failed.

set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO" || exit 1

log=$(mktemp "${TMPDIR:-/tmp}/hostlinux-tests.XXXXXX")
trap 'rm -f "$log" "$log.out"' EXIT

# step NAME COMMAND...: a check whose output is kept only when it fails
step() {
	name=$1
	shift
	if "$@" >"$log.out" 2>&1; then
		echo "PASS: $name" | tee -a "$log"
	else
		tail -n 30 "$log.out"
		echo "FAIL: $name" | tee -a "$log"
	fi
}

# Host-side unit tests count one by one.
echo "== host unit tests"
make -s -C tests/host run >"$log.out" 2>&1
grep "FAIL" "$log.out"
summary=$(tail -n 1 "$log.out")
hp=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
hf=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$hp" ]; then
	tail -n 20 "$log.out"
	echo "FAIL: host unit tests did not run" | tee -a "$log"
else
	echo "host unit tests: $summary"
	i=0; while [ $i -lt "$hp" ]; do echo "PASS: host unit test" >>"$log"; i=$((i + 1)); done
fi

echo "== build"
step "build: ./linux from Debian's linux-source-6.12" make -s linux
if [ -x linux ]; then
	step "boundary: kernel reaches the host only through os-Linux" \
		scripts/check-boundary.sh build/kernel

	echo "== boot"
	sh tests/boot/boot.sh | tee -a "$log"

	echo "== guest processes"
	sh tests/guest/run.sh | tee -a "$log"
	sh tests/guest/lifecycle.sh | tee -a "$log"
	sh tests/guest/limits.sh | tee -a "$log"
	sh tests/guest/host_cpu.sh | tee -a "$log"

	echo "== block devices (ubd)"
	sh tests/ubd/safety.sh | tee -a "$log"

	echo "== kernel selftests in the guest"
	sh tests/compat/run.sh | tee -a "$log"

	echo "== Debian bookworm userland"
	sh tests/debian/run.sh | tee -a "$log"

	echo "== default root file system"
	sh tests/boot/rootfs.sh | tee -a "$log"

	echo "== console (job control on a host terminal)"
	sh tests/console/run.sh | tee -a "$log"

	echo "== KUnit (kunit.py run)"
	make -s kunit >"$log.out" 2>&1
	kst=$?
	summary=$(grep -E "^\[[0-9:]*\] Testing complete" "$log.out" | tail -n 1)
	echo "${summary:-kunit.py gave no summary}"
	if [ $kst -eq 0 ] && [ -n "$summary" ] && ! echo "$summary" | grep -q "failed"; then
		echo "PASS: kunit: every KUnit test passes or skips" | tee -a "$log"
	else
		grep -E "\[FAILED\]|not ok|crash|ERROR" "$log.out" | head -n 40
		echo "FAIL: kunit: $summary" | tee -a "$log"
	fi
fi

passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
failed=$((failed + ${hf:-0}))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
