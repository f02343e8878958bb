/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hand-over between two host processes or threads sharing one word:
 * each waits for its turn and gives the next, sleeping in a futex (as a
 * kernel and its stub do when neither spins) or, with spin, polling.
 * Used by bench/handover.c, which times it, and by bench/io.c's model of
 * what a guest adds, so that both are the same hand-over.
 */
#ifndef BENCH_TURN_H
#define BENCH_TURN_H

#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline void turn_wait(uint32_t *turn, uint32_t mine, int spin)
{
	uint32_t seen;

	while ((seen = __atomic_load_n(turn, __ATOMIC_ACQUIRE)) != mine)
		if (!spin)
			syscall(SYS_futex, turn, FUTEX_WAIT, seen, NULL, NULL, 0);
}

static inline void turn_give(uint32_t *turn, uint32_t next, int spin)
{
	__atomic_store_n(turn, next, __ATOMIC_RELEASE);
	if (!spin)
		syscall(SYS_futex, turn, FUTEX_WAKE, 1, NULL, NULL, 0);
}

#endif
