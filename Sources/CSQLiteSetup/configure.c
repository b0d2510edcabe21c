#include "CSQLiteSetup.h"
#include <sqlite3.h>

int trellis_sqlite_configure(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 : -1;
}
