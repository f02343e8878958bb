/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host address space of the kernel process, in one place.
 *
 *   UM_IMAGE_BASE            the ./linux image (text, data, bss); the start
 *                            of the kernel's direct map, PAGE_OFFSET
 *   after the image          physical memory: a host memfd of mem= bytes,
 *                            mapped at the first UM_PHYSMEM_ALIGN boundary
 *                            past the image's end
 *   after physical memory    a guard gap, then the vmalloc area of
 *                            UM_VMALLOC_SIZE bytes, reserved PROT_NONE at
 *                            boot and filled page by page
 *
 * Physical address 0 is UM_IMAGE_BASE, so __pa()/__va() are one
 * subtraction or addition and kernel statics have struct pages too.
 * Guest processes (later) live in host processes of their own and see
 * none of this.
 */
#ifndef __UM_SHARED_LAYOUT_H
#define __UM_SHARED_LAYOUT_H

/* Keep in step with UM_IMAGE_BASE in arch/um/Makefile. */
#define UM_IMAGE_BASE		0x60000000UL
#define UM_PHYSMEM_ALIGN	(2UL << 20)
#define UM_VMALLOC_GAP		(8UL << 20)
#define UM_VMALLOC_SIZE		(64UL << 30)

/*
 * Guest processes: their host address space below UM_TASK_SIZE is
 * theirs; the top of the host's 47-bit user space is kept for the stub.
 */
#define UM_TASK_SIZE		0x7ff000000000UL

/*
 * The stub every guest address space runs (os-Linux/uspace/): its text
 * at UM_STUB_CODE, its data (stacks included) at UM_STUB_DATA.  Both lie
 * above UM_TASK_SIZE, so no guest mapping can land on them, and far
 * below where the host puts a new process's stack, which the stub
 * unmaps at start.
 */
#define UM_STUB_CODE		0x7ff800000000UL
#define UM_STUB_DATA		0x7ff800100000UL

/* Default and limits of mem=. */
#define UM_MEM_DEFAULT		(256UL << 20)
#define UM_MEM_MIN		(16UL << 20)
#define UM_MEM_MAX		(64UL << 30)

#endif
