#ifndef TRELLIS_CSQLITESETUP_H
#define TRELLIS_CSQLITESETUP_H

/// Configures SQLite for the whole process, before its first connection opens: no memory
/// statistics, which take a global mutex around every allocation and free (about 5% of a release
/// import's instructions; docs/performance.md, "SQLite settings"). Connections need no
/// setting: GRDB opens every one with `SQLITE_OPEN_NOMUTEX`, which is all that multi-thread mode
/// would add. `sqlite3_config` is variadic, which Swift cannot call; hence this function.
/// Returns 0 when the setting took, which it cannot once SQLite has started.
int trellis_sqlite_configure(void);

/// Adds Trellis's SQL functions to one connection (an `sqlite3 *`, passed untyped so that this
/// header need not include SQLite's): `trellis_contains(text, part)`, a fast substring test
/// for the document search. Returns 0 on success.
int trellis_sqlite_add_functions(void *connection);

/// Keeps the memory of large allocations for reuse in this process (glibc: served from the heap
/// up to 32 MiB, the heap's free top given back to the system only beyond 64 MiB). An edit of a
/// long document has SQLite copy its row, text included, into two fresh buffers (a 13 MB text at
/// a million spans): mapped, or taken from the heap and given back, each time, every page of them
/// faulted in again, most of such an edit's time. For the review session's process. Returns 0
/// when the settings took (or there is nothing to set).
int trellis_keep_large_allocations(void);

#endif
