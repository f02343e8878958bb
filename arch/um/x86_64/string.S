/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memcpy, memmove and memset for the kernel: x86_64 CPUs move bytes
 * fastest with "rep movsb/stosb" (ERMS), and these are short.
 */
#include <linux/linkage.h>

	.text

/* void *memcpy(void *dest = rdi, const void *src = rsi, size_t n = rdx) */
SYM_FUNC_START(memcpy)
	movq	%rdi, %rax
	movq	%rdx, %rcx
	rep movsb
	ret
SYM_FUNC_END(memcpy)

/* void *memmove(void *dest = rdi, const void *src = rsi, size_t n = rdx) */
SYM_FUNC_START(memmove)
	movq	%rdi, %rax
	movq	%rdx, %rcx
	cmpq	%rsi, %rdi
	jbe	1f
	/* dest above src: copy backwards when the ranges overlap */
	leaq	(%rsi, %rdx), %r8
	cmpq	%r8, %rdi
	jae	1f
	leaq	-1(%rdi, %rdx), %rdi
	leaq	-1(%rsi, %rdx), %rsi
	std
	rep movsb
	cld
	ret
1:	rep movsb
	ret
SYM_FUNC_END(memmove)

/* void *memset(void *s = rdi, int c = esi, size_t n = rdx) */
SYM_FUNC_START(memset)
	movq	%rdi, %r9
	movl	%esi, %eax
	movq	%rdx, %rcx
	rep stosb
	movq	%r9, %rax
	ret
SYM_FUNC_END(memset)
