// SPDX-License-Identifier: GPL-2.0
/*
 * Guest threads: several threads of one process each keep their own
 * value in a vector register across system calls that switch between
 * them, share a mutex and condition variable (futex), and are joined
 * (CLONE_CHILD_CLEARTID wakes the joiner).  Prints "ok"/"not ok" lines.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int bad_xmm[THREADS];
static __thread int my_index = -1;
static int tls_ok[THREADS];

/* sched_yield straight from asm: nothing but rax, rcx and r11 changes. */
static unsigned long xmm8_after_yield(unsigned long value)
{
	unsigned long out;
	long ret;

	__asm__ volatile("movq %[v], %%xmm8\n\t"
			 "syscall\n\t"
			 "movq %%xmm8, %[o]"
			 : [o] "=r"(out), "=a"(ret)
			 : [v] "r"(value), "a"((long)SYS_sched_yield)
			 : "rcx", "r11", "xmm8", "memory");
	return out;
}

static void *worker(void *arg)
{
	int i, me = (int)(long)arg;
	unsigned long pattern = 0x1111111111111111UL * (me + 1);

	my_index = me;
	for (i = 0; i < ROUNDS; i++) {
		if (xmm8_after_yield(pattern + i) != pattern + i)
			bad_xmm[me]++;
		pthread_mutex_lock(&lock);
		counter++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	tls_ok[me] = my_index == me;
	return (void *)(long)(me + 100);
}

int main(void)
{
	pthread_t t[THREADS];
	int i, joined = 0, bad = 0, tls = 0;
	void *ret;

	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	pthread_mutex_lock(&lock);
	while (counter < (long)THREADS * ROUNDS / 2)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], &ret);
		joined += (long)ret == i + 100;
		bad += bad_xmm[i];
		tls += tls_ok[i];
	}
	printf("%s threads: created and joined with their results\n",
	       joined == THREADS ? "ok" : "not ok");
	printf("%s threads: futex mutex and condvar count %ld\n",
	       counter == (long)THREADS * ROUNDS ? "ok" : "not ok", counter);
	printf("%s threads: vector registers kept across switches (%d bad)\n",
	       bad ? "not ok" : "ok", bad);
	printf("%s threads: thread-local storage (fs base) per thread\n",
	       tls == THREADS && my_index == -1 ? "ok" : "not ok");
	return 0;
}
