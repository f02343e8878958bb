#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the curated selftests of tests/compat/list, static, into OUT-DIR.
# Usage: build.sh SELFTESTS-DIR OUT-DIR.  Prints the names built; a test
# that does not build with this host's headers is left out, with a note.
set -u
src=$1
out=$2
list=$(dirname "$0")/list
mkdir -p "$out"
grep -v '^#' "$list" | while read -r main extra; do
	[ -n "$main" ] || continue
	dir=$(dirname "$main")
	name=$(echo "${main%.c}" | tr / -)
	files="$src/$main"
	for e in $extra; do files="$files $src/$e"; done
	# shellcheck disable=SC2086
	if gcc -static -O2 -D_GNU_SOURCE -w -pthread \
		-I "$src" -I "$src/$dir" -I "$src/futex/include" \
		-o "$out/$name" $files -lrt >"$out/$name.log" 2>&1; then
		echo "$name"
		rm -f "$out/$name.log"
	else
		echo "compat: $main does not build here: $(grep -m1 error "$out/$name.log")" >&2
	fi
done
