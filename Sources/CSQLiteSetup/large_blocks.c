#define _GNU_SOURCE
#include <sqlite3.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

/// SQLite's memory allocator for the whole process: the C library's, except that blocks of at
/// least `LARGE_BLOCK` bytes, once freed, are kept (the latest `KEPT_BLOCKS` of them, at most
/// `KEPT_BYTES` in all) and handed out again to the next large allocation they fit.
///
/// Why: an `UPDATE` of a row rebuilds the whole row in memory, a long document's text included
/// (the column's value, then the new record: two buffers of 3 MB for a document of a million
/// spans, on every edit). glibc serves such sizes with `mmap` or from the top of its heap, which
/// it gives back when they are freed, so every page of them was faulted in again on every edit
/// (4.7 of the 5.8 ms of CPU an edit took; docs/performance.md, "The million-span document's
/// edits"). Kept, their pages stay mapped and written: the next edit reuses them. Small blocks go
/// straight to the C library, without a lock.

enum {
    LARGE_BLOCK = 256 * 1024,
    KEPT_BLOCKS = 8,
};
static const size_t KEPT_BYTES = 64 * 1024 * 1024;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *kept[KEPT_BLOCKS];
static size_t keptSizes[KEPT_BLOCKS];
static int keptCount = 0;
static size_t keptBytes = 0;
static unsigned long long reuses = 0, largeAllocations = 0;

/// Takes kept block `index` out, keeping the others in the order they were kept.
static void removeKept(int index) {
    keptBytes -= keptSizes[index];
    keptCount -= 1;
    for (int i = index; i < keptCount; i++) {
        kept[i] = kept[i + 1];
        keptSizes[i] = keptSizes[i + 1];
    }
}

/// A kept block of at least `size` bytes and at most twice that (the smallest such), taken out
/// of the kept ones; NULL if none fits.
static void *takeKept(size_t size) {
    void *block = NULL;
    pthread_mutex_lock(&lock);
    largeAllocations += 1;
    int best = -1;
    for (int i = 0; i < keptCount; i++) {
        if (keptSizes[i] >= size && keptSizes[i] / 2 <= size && (best < 0 || keptSizes[i] < keptSizes[best])) best = i;
    }
    if (best >= 0) {
        block = kept[best];
        removeKept(best);
        reuses += 1;
    }
    pthread_mutex_unlock(&lock);
    return block;
}

/// Keeps a freed large block, freeing the blocks kept longest to make room (so that blocks of
/// sizes no longer asked for do not fill the room); a block larger than all the room is freed.
static void keep(void *block, size_t size) {
    void *evicted[KEPT_BLOCKS + 1];
    int evictedCount = 0;
    pthread_mutex_lock(&lock);
    if (size > KEPT_BYTES) {
        evicted[evictedCount++] = block;
    } else {
        while (keptCount == KEPT_BLOCKS || keptBytes + size > KEPT_BYTES) {
            evicted[evictedCount++] = kept[0];
            removeKept(0);
        }
        kept[keptCount] = block;
        keptSizes[keptCount] = size;
        keptCount += 1;
        keptBytes += size;
    }
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < evictedCount; i++) free(evicted[i]);
}

static void *largeBlocksMalloc(int size) {
    if (size >= LARGE_BLOCK) {
        void *block = takeKept((size_t)size);
        if (block != NULL) return block;
    }
    return malloc((size_t)size);
}

static void largeBlocksFree(void *block) {
    if (block == NULL) return;
    size_t size = malloc_usable_size(block);
    if (size >= LARGE_BLOCK) keep(block, size);
    else free(block);
}

static void *largeBlocksRealloc(void *block, int size) {
    return realloc(block, (size_t)size);
}

static int largeBlocksSize(void *block) {
    return block == NULL ? 0 : (int)malloc_usable_size(block);
}

static int largeBlocksRoundup(int size) {
    return (size + 7) & ~7;
}

static int largeBlocksInit(void *unused) {
    (void)unused;
    return SQLITE_OK;
}

static void largeBlocksShutdown(void *unused) {
    (void)unused;
}

const sqlite3_mem_methods trellis_large_blocks_methods = {
    largeBlocksMalloc, largeBlocksFree, largeBlocksRealloc, largeBlocksSize, largeBlocksRoundup,
    largeBlocksInit, largeBlocksShutdown, NULL,
};

void trellis_sqlite_large_blocks(unsigned long long *allocations, unsigned long long *reused, int *keptNow) {
    pthread_mutex_lock(&lock);
    *allocations = largeAllocations;
    *reused = reuses;
    *keptNow = keptCount;
    pthread_mutex_unlock(&lock);
}
