"""Interop check: every span of a Trellis eval export lines up with Python str slicing."""
import json
import sys


def main(path):
    records = spans = 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            record = json.loads(line)
            text = record["text"]
            records += 1
            for span in record["spans"]:
                spans += 1
                piece = text[span["start"]:span["end"]]
                if piece != span["text"]:
                    print(f"{path}:{number}: {span['start']}-{span['end']} is {piece!r}, not {span['text']!r}")
                    return 1
    print(f"{records} records, {spans} spans: every span matches str slicing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
