/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_CMPXCHG_H
#define __UM_ASM_CMPXCHG_H

/*
 * The compiler's atomic builtins give x86_64's locked instructions for
 * every operand size, fully ordered as the kernel's value-returning
 * atomics must be.
 */
#define arch_xchg(ptr, val) \
	__atomic_exchange_n((ptr), (val), __ATOMIC_SEQ_CST)

#define arch_cmpxchg(ptr, old, new)					\
({									\
	__typeof__(*(ptr)) __old = (old);				\
	__atomic_compare_exchange_n((ptr), &__old, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\
	__old;								\
})

#define arch_try_cmpxchg(ptr, oldp, new)				\
	__atomic_compare_exchange_n((ptr), (oldp), (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)

#define arch_cmpxchg64(ptr, old, new)		arch_cmpxchg(ptr, old, new)
#define arch_cmpxchg_local(ptr, old, new)	arch_cmpxchg(ptr, old, new)
#define arch_cmpxchg64_local(ptr, old, new)	arch_cmpxchg(ptr, old, new)
#define arch_try_cmpxchg_local(ptr, oldp, new)	arch_try_cmpxchg(ptr, oldp, new)
#define arch_try_cmpxchg64(ptr, oldp, new)	arch_try_cmpxchg(ptr, oldp, new)

#endif
