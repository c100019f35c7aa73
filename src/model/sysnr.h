/* SPDX-License-Identifier: MIT */
/* Syscall numbers of this architecture, with the ones newer than the
 * build machine's headers spelled out (x86_64 numbers). */
#ifndef TRAIL_SYSNR_H
#define TRAIL_SYSNR_H

#include <sys/syscall.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_setxattrat
#define SYS_setxattrat 463
#endif
#ifndef SYS_removexattrat
#define SYS_removexattrat 466
#endif

#endif
