#ifndef TRELLIS_CSQLITESETUP_H
#define TRELLIS_CSQLITESETUP_H

/// Configures SQLite for the whole process, before its first connection opens: no memory
/// statistics, which take a global mutex around every allocation and free (about 5% of a release
/// import's instructions; docs/performance.md, "SQLite settings"), and an allocator that keeps
/// large freed blocks for reuse (`large_blocks.c`: an `UPDATE` of a long document's row rebuilds
/// its 3 MB text in fresh buffers, whose pages were faulted in again on every edit). Connections need no
/// setting: GRDB opens every one with `SQLITE_OPEN_NOMUTEX`, which is all that multi-thread mode
/// would add. `sqlite3_config` is variadic, which Swift cannot call; hence this function.
/// Returns 0 when the setting took, which it cannot once SQLite has started.
int trellis_sqlite_configure(void);

/// What the large-block allocator did so far in this process: how many allocations of a large
/// block SQLite asked for, how many of them a kept block served, and how many blocks are kept now.
void trellis_sqlite_large_blocks(unsigned long long *allocations, unsigned long long *reused, int *kept);

/// Adds Trellis's SQL functions to one connection (an `sqlite3 *`, passed untyped so that this
/// header need not include SQLite's): `trellis_contains(text, part)`, a fast substring test
/// for the document search. Returns 0 on success.
int trellis_sqlite_add_functions(void *connection);

#endif
