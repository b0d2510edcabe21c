#!/usr/bin/env python3
"""Baseline for `trellis import`: the same corpus imported the plain way a user might script it.

Standard library only: `json` to read each JSONL line, a regular expression to turn the inline
mode tags into plain text plus code-point offsets (what Python's `str` indexes count), `hashlib`
for a content hash, and `sqlite3` with `executemany`, one transaction per batch of documents.
The tables are the core of Trellis's: documents, and spans pointing at them. A line that is not
JSON, lacks an id or text, or whose tags do not balance is counted as rejected and skipped.

    python3 bench/baseline_import.py CORPUS.jsonl OUT.sqlite [--batch 1000]

Prints one JSON line: {"documents": N, "spans": N, "rejected": N, "seconds": S}.
"""
import hashlib
import json
import re
import sqlite3
import sys
import time

TAG = re.compile(r"<(/?)(human|ai|quote)>")
ENTITY = re.compile(r"&(lt|gt|amp);")
ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}


def unescape(piece):
    return ENTITY.sub(lambda m: ENTITIES[m.group(1)], piece) if "&" in piece else piece


def parse(tagged):
    """(plain text, [(start, end, label, depth)]) or None when the tags do not balance."""
    parts, spans, stack = [], [], []
    position, last = 0, 0
    for match in TAG.finditer(tagged):
        piece = unescape(tagged[last:match.start()])
        parts.append(piece)
        position += len(piece)
        last = match.end()
        closing, label = match.group(1), match.group(2)
        if not closing:
            stack.append((label, position))
        elif stack and stack[-1][0] == label:
            label, start = stack.pop()
            spans.append((start, position, label, len(stack)))
        else:
            return None
    if stack:
        return None
    parts.append(unescape(tagged[last:]))
    spans.sort(key=lambda s: (s[0], -s[1], s[3]))
    return "".join(parts), spans


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    batch_size = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else 1000
    began = time.monotonic()
    db = sqlite3.connect(out)
    db.executescript("""
        CREATE TABLE IF NOT EXISTS document (
            id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, length INTEGER NOT NULL,
            source TEXT, stage INTEGER, meta TEXT, content_hash TEXT NOT NULL, span_count INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS span (
            id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES document(id), start INTEGER NOT NULL,
            "end" INTEGER NOT NULL, label TEXT NOT NULL, depth INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS span_by_document ON span(document_id, start);
        """)
    documents = spans_total = rejected = 0
    pending_spans = []
    cursor = db.cursor()
    with open(corpus, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                parsed = parse(record["text"])
            except (ValueError, KeyError, TypeError):
                parsed = None
            if parsed is None or not isinstance(record.get("id"), str):
                rejected += 1
                continue
            text, spans = parsed
            meta = record.get("meta")
            cursor.execute(
                "INSERT INTO document (external_id, text, length, source, stage, meta, content_hash, span_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record["id"], text, len(text), record.get("source"), record.get("stage"),
                 json.dumps(meta) if meta is not None else None,
                 hashlib.sha256(line.encode("utf-8")).hexdigest(), len(spans)))
            document_id = cursor.lastrowid
            pending_spans.extend((document_id, s, e, label, depth) for s, e, label, depth in spans)
            documents += 1
            spans_total += len(spans)
            if documents % batch_size == 0:
                cursor.executemany('INSERT INTO span (document_id, start, "end", label, depth) VALUES (?, ?, ?, ?, ?)', pending_spans)
                pending_spans.clear()
                db.commit()
    cursor.executemany('INSERT INTO span (document_id, start, "end", label, depth) VALUES (?, ?, ?, ?, ?)', pending_spans)
    db.commit()
    db.close()
    print(json.dumps({"documents": documents, "spans": spans_total, "rejected": rejected,
                      "seconds": round(time.monotonic() - began, 3)}))


if __name__ == "__main__":
    main()
