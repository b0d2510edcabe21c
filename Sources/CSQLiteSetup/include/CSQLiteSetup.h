#ifndef TRELLIS_CSQLITESETUP_H
#define TRELLIS_CSQLITESETUP_H

/// Configures SQLite for the whole process, before its first connection opens:
/// - multi-thread mode: a connection is used by one thread at a time (GRDB serialises access to
///   each), so SQLite need not lock a mutex around every call on it;
/// - no memory statistics, which take a global mutex on every allocation.
/// `sqlite3_config` is variadic, which Swift cannot call; hence this function. Returns 0 when
/// both settings took, which they cannot once SQLite has started.
int trellis_sqlite_configure(void);

/// Adds Trellis's SQL functions to one connection (an `sqlite3 *`, passed untyped so that this
/// header need not include SQLite's): `trellis_contains(text, part)`, a fast substring test
/// for the document search. Returns 0 on success.
int trellis_sqlite_add_functions(void *connection);

#endif
