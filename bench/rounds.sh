# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the benchmarks: rounds and their medians.  This VM's speed
# moves 10-40% from minute to minute, so each system runs several
# rounds, interleaved with the others, and a table shows medians.

# median FILE...: "name value unit" lines of the FILEs (one per round),
# each name's median value (the lower middle one of an even count).
median() {
	cat "$@" | tr -d '\r' | awk '
		NF >= 3 && $2 ~ /^[0-9.]+$/ {
			n[$1]++; v[$1, n[$1]] = $2 + 0; unit[$1] = $3
		}
		END {
			for (t in n) {
				for (i = 2; i <= n[t]; i++)
					for (j = i; j > 1 && v[t, j - 1] > v[t, j]; j--) {
						x = v[t, j]; v[t, j] = v[t, j - 1]; v[t, j - 1] = x
					}
				print t, v[t, int((n[t] + 1) / 2)], unit[t]
			}
		}'
}

# rounds: BENCH_ROUNDS times (3), the shell functions run_native,
# run_ours and run_uml in turn, each writing its output to the file named
# by its argument; then $tmp/native, $tmp/ours and $tmp/uml hold each
# system's medians.
rounds() {
	r=1
	while [ "$r" -le "${BENCH_ROUNDS:-3}" ]; do
		for sys in native ours uml; do
			"run_$sys" "$tmp/$sys.$r"
		done
		r=$((r + 1))
	done
	for sys in native ours uml; do
		median "$tmp/$sys".* >"$tmp/$sys"
	done
}
