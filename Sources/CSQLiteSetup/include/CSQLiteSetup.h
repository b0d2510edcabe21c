#ifndef TRELLIS_CSQLITESETUP_H
#define TRELLIS_CSQLITESETUP_H

/// Configures SQLite for the whole process, before its first connection opens:
/// - multi-thread mode: a connection is used by one thread at a time (GRDB serialises access to
///   each), so SQLite need not lock a mutex around every call on it;
/// - no memory statistics, which take a global mutex on every allocation.
/// `sqlite3_config` is variadic, which Swift cannot call; hence this function. Returns 0 when
/// both settings took, which they cannot once SQLite has started.
int trellis_sqlite_configure(void);

#endif
