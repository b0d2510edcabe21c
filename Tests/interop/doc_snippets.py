#!/usr/bin/env python3
"""Runs the Python snippets of a Markdown file that are marked for CI (a fence opened with
```python ci), each in a fresh interpreter, in a folder holding the exports they read, so
that the loaders the docs show and the ones CI runs cannot drift apart.

    python doc_snippets.py docs/export.md WORKDIR    # prints each snippet's outcome, then "N passed, M failed"
"""
import os
import subprocess
import sys


def snippets(path):
    found, current, start = [], None, 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if current is None and line.strip() == "```python ci":
                current, start = [], number + 1
            elif current is not None and line.strip() == "```":
                found.append((start, "".join(current)))
                current = None
            elif current is not None:
                current.append(line)
    return found


def main(doc, workdir):
    passed = failed = 0
    # Nothing from a hub, nothing written outside the folder.
    env = dict(os.environ, HF_HOME=os.path.join(workdir, ".hf"), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    for line, code in snippets(doc):
        outcome = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True, text=True, env=env)
        name = f"{doc}:{line}"
        if outcome.returncode == 0:
            passed += 1
            print(f"ok {name}\n{outcome.stdout.rstrip()}")
        else:
            failed += 1
            print(f"FAILED {name}\n{outcome.stdout.rstrip()}\n{outcome.stderr.rstrip()}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
