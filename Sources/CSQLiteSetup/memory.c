#include "CSQLiteSetup.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int trellis_keep_large_allocations(void) {
#if defined(__GLIBC__)
    // 32 MiB is the largest threshold glibc accepts; setting either value turns off its own
    // adjustment of both, hence both.
    int mapped = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    int trimmed = mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    return mapped == 1 && trimmed == 1 ? 0 : -1;
#else
    return 0;
#endif
}
