#define _GNU_SOURCE
#include "CSQLiteSetup.h"
#include <sqlite3.h>
#include <string.h>

/// trellis_contains(haystack, needle): 1 when the UTF-8 of `needle` occurs in `haystack`'s, else
/// 0; NULL when either is NULL. The same answer as `instr(haystack, needle) > 0` for text, found
/// with the C library's `memmem` instead of SQLite's byte-by-byte loop.
static void contains(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    const unsigned char *haystack = sqlite3_value_text(argv[0]);
    int haystackLength = sqlite3_value_bytes(argv[0]);
    const unsigned char *needle = sqlite3_value_text(argv[1]);
    int needleLength = sqlite3_value_bytes(argv[1]);
    if (haystack == NULL || needle == NULL) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_int(context, memmem(haystack, (size_t)haystackLength, needle, (size_t)needleLength) != NULL);
}

int trellis_sqlite_add_functions(void *connection) {
    return sqlite3_create_function_v2(
        (sqlite3 *)connection, "trellis_contains", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
        NULL, contains, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}
