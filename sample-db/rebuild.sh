#!/usr/bin/env bash
# Rebuilds sample.sqlite from sample.jsonl (run after editing the corpus; a test checks they match).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f sample-db/sample.sqlite sample-db/sample.sqlite-wal sample-db/sample.sqlite-shm
swift run -q trellis import --quiet --reviewer trellis --db sample-db/sample.sqlite sample-db/sample.jsonl
# One self-contained, compact file in the repository: no WAL side files, and SQLite's usual
# 4 KiB pages (import builds new databases with 16 KiB ones, which suit large corpora).
sqlite3 sample-db/sample.sqlite "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM;" >/dev/null
echo "rebuilt sample-db/sample.sqlite"
