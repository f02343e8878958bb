/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_ATOMIC_H
#define __UM_ASM_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/cmpxchg.h>

/*
 * atomic_t and atomic64_t on the compiler's atomic builtins; the generic
 * fallbacks derive the acquire/release/relaxed and other variants.
 */
#define UM_ATOMIC_OPS(pfx, atomic_type, int_type)			\
static __always_inline int_type arch_##pfx##_read(const atomic_type *v)	\
{									\
	return READ_ONCE(v->counter);					\
}									\
static __always_inline void arch_##pfx##_set(atomic_type *v, int_type i) \
{									\
	WRITE_ONCE(v->counter, i);					\
}									\
static __always_inline int_type						\
arch_##pfx##_xchg(atomic_type *v, int_type new)				\
{									\
	return arch_xchg(&v->counter, new);				\
}									\
static __always_inline int_type						\
arch_##pfx##_cmpxchg(atomic_type *v, int_type old, int_type new)	\
{									\
	return arch_cmpxchg(&v->counter, old, new);			\
}									\
static __always_inline bool						\
arch_##pfx##_try_cmpxchg(atomic_type *v, int_type *old, int_type new)	\
{									\
	return arch_try_cmpxchg(&v->counter, old, new);			\
}

#define UM_ATOMIC_BINOP(pfx, atomic_type, int_type, op)			\
static __always_inline void arch_##pfx##_##op(int_type i, atomic_type *v) \
{									\
	(void)__atomic_fetch_##op(&v->counter, i, __ATOMIC_RELAXED);	\
}									\
static __always_inline int_type						\
arch_##pfx##_fetch_##op(int_type i, atomic_type *v)			\
{									\
	return __atomic_fetch_##op(&v->counter, i, __ATOMIC_SEQ_CST);	\
}

#define UM_ATOMIC_RETURN(pfx, atomic_type, int_type, op)		\
static __always_inline int_type						\
arch_##pfx##_##op##_return(int_type i, atomic_type *v)			\
{									\
	return __atomic_##op##_fetch(&v->counter, i, __ATOMIC_SEQ_CST);	\
}

UM_ATOMIC_RETURN(atomic, atomic_t, int, add)
UM_ATOMIC_RETURN(atomic, atomic_t, int, sub)
UM_ATOMIC_RETURN(atomic64, atomic64_t, s64, add)
UM_ATOMIC_RETURN(atomic64, atomic64_t, s64, sub)

#define ATOMIC64_INIT(i)	{ (i) }

UM_ATOMIC_OPS(atomic, atomic_t, int)
UM_ATOMIC_BINOP(atomic, atomic_t, int, add)
UM_ATOMIC_BINOP(atomic, atomic_t, int, sub)
UM_ATOMIC_BINOP(atomic, atomic_t, int, and)
UM_ATOMIC_BINOP(atomic, atomic_t, int, or)
UM_ATOMIC_BINOP(atomic, atomic_t, int, xor)
UM_ATOMIC_OPS(atomic64, atomic64_t, s64)
UM_ATOMIC_BINOP(atomic64, atomic64_t, s64, add)
UM_ATOMIC_BINOP(atomic64, atomic64_t, s64, sub)
UM_ATOMIC_BINOP(atomic64, atomic64_t, s64, and)
UM_ATOMIC_BINOP(atomic64, atomic64_t, s64, or)
UM_ATOMIC_BINOP(atomic64, atomic64_t, s64, xor)

#define arch_atomic_read		arch_atomic_read
#define arch_atomic_set			arch_atomic_set
#define arch_atomic_xchg		arch_atomic_xchg
#define arch_atomic_cmpxchg		arch_atomic_cmpxchg
#define arch_atomic_try_cmpxchg		arch_atomic_try_cmpxchg
#define arch_atomic_add			arch_atomic_add
#define arch_atomic_add_return		arch_atomic_add_return
#define arch_atomic_sub_return		arch_atomic_sub_return
#define arch_atomic_sub			arch_atomic_sub
#define arch_atomic_and			arch_atomic_and
#define arch_atomic_or			arch_atomic_or
#define arch_atomic_xor			arch_atomic_xor
#define arch_atomic_fetch_add		arch_atomic_fetch_add
#define arch_atomic_fetch_sub		arch_atomic_fetch_sub
#define arch_atomic_fetch_and		arch_atomic_fetch_and
#define arch_atomic_fetch_or		arch_atomic_fetch_or
#define arch_atomic_fetch_xor		arch_atomic_fetch_xor

#define arch_atomic64_read		arch_atomic64_read
#define arch_atomic64_set		arch_atomic64_set
#define arch_atomic64_xchg		arch_atomic64_xchg
#define arch_atomic64_cmpxchg		arch_atomic64_cmpxchg
#define arch_atomic64_try_cmpxchg	arch_atomic64_try_cmpxchg
#define arch_atomic64_add		arch_atomic64_add
#define arch_atomic64_add_return	arch_atomic64_add_return
#define arch_atomic64_sub_return	arch_atomic64_sub_return
#define arch_atomic64_sub		arch_atomic64_sub
#define arch_atomic64_and		arch_atomic64_and
#define arch_atomic64_or		arch_atomic64_or
#define arch_atomic64_xor		arch_atomic64_xor
#define arch_atomic64_fetch_add		arch_atomic64_fetch_add
#define arch_atomic64_fetch_sub		arch_atomic64_fetch_sub
#define arch_atomic64_fetch_and		arch_atomic64_fetch_and
#define arch_atomic64_fetch_or		arch_atomic64_fetch_or
#define arch_atomic64_fetch_xor		arch_atomic64_fetch_xor

#endif
