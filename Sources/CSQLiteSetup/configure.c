#include "CSQLiteSetup.h"
#include <sqlite3.h>

extern const sqlite3_mem_methods trellis_large_blocks_methods;

int trellis_sqlite_configure(void) {
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) return -1;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &trellis_large_blocks_methods) == SQLITE_OK ? 0 : -1;
}
