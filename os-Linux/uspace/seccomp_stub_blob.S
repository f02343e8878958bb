/* SPDX-License-Identifier: GPL-2.0 */
/* The seccomp stub (seccomp_stub.c), linked into ./linux as data. */
#define STUB_SYMBOL os_uspace_seccomp_stub_image
#include "stub_blob.S"
