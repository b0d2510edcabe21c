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

#endif
