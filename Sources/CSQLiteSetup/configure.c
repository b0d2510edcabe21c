#include "CSQLiteSetup.h"
#include <sqlite3.h>

int trellis_sqlite_configure(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    int statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return threading == SQLITE_OK && statistics == SQLITE_OK ? 0 : -1;
}
