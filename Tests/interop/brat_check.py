#!/usr/bin/env python3
"""Checks a brat folder the way brat's own server reads and verifies it (its annotation.py and
verify_annotations.py), written anew from their rules with the standard library only, so that
the Swift tests can run it wherever Python 3 is:

- an .ann file is read as text and split into lines with str.splitlines(keepends=True), as
  brat's reader does; each line is ID, a tab, then its data; IDs match brat's pattern and are
  unique;
- a T line is TYPE START END[;START END...]: offsets are code points of the .txt (start <= end,
  inside the text, fragments not overlapping), and the text after the second tab starts with the
  fragments' text joined by a space, followed by nothing but white space;
- an A line is TYPE TARGET [VALUE], a # line TYPE TARGET; targets are defined;
- verification against annotation.conf: every T type is an entity; two spans that overlap are
  allowed to by an <OVERLAP> rule (contain, equal, cross or <ANY>, in brat's argument order);
  an attribute is one the conf gives the target's type, with a value it lists;
- ids.tsv, when there is one, maps every .txt file to an id, each once.

    python3 brat_check.py FOLDER     # prints the problems, then "N documents, M annotations, K errors"
"""
import os
import re
import sys

ID = re.compile(r"^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$")


def read_conf(path):
    entities, overlaps, attributes = set(), {}, {}
    section = None
    with open(path, encoding="utf-8") as handle:
        for raw in handle.read().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                section = line
                continue
            name, _, rest = raw.partition("\t")
            args = {}
            for part in rest.split(","):
                key, _, values = part.strip().partition(":")
                if values:
                    args.setdefault(key, []).extend(values.split("|"))
            if section == "[entities]":
                entities.add(name.strip())
            elif section == "[relations]" and name == "<OVERLAP>":
                for inner in args.get("Arg1", []):
                    for outer in args.get("Arg2", []):
                        overlaps.setdefault((inner, outer), set()).update(args.get("<OVL-TYPE>", []))
            elif section == "[attributes]":
                attributes[name] = (set(args.get("Arg", [])), set(args.get("Value", [])))
    return entities, overlaps, attributes


def overlap_types(overlaps, inner, outer):
    return overlaps.get((inner, outer), set())


def can_contain(overlaps, inner, outer):
    return bool({"contain", "<ANY>"} & overlap_types(overlaps, inner, outer)) or "<ANY>" in overlap_types(overlaps, outer, inner)


def can(overlaps, kind, t1, t2):
    return bool({kind, "<ANY>"} & (overlap_types(overlaps, t1, t2) | overlap_types(overlaps, t2, t1)))


def check_document(folder, name, conf, errors):
    entities, overlaps, attributes = conf
    where = os.path.join(folder, name + ".ann")
    with open(os.path.join(folder, name + ".txt"), "rb") as handle:
        text = handle.read().decode("utf-8")
    with open(where, "rb") as handle:
        lines = handle.read().decode("utf-8").splitlines(keepends=True)
    seen, textbounds, references = {}, [], []
    for number, line in enumerate(lines, 1):
        place = f"{where}:{number}"
        if "\t" not in line:
            errors.append(f"{place}: no tab after the id: {line!r}")
            continue
        ident, tail = line.split("\t", 1)
        if not ID.match(ident):
            errors.append(f"{place}: {ident!r} is not a brat id")
            continue
        if ident in seen:
            errors.append(f"{place}: duplicate id {ident}")
            continue
        seen[ident] = None
        data, _, data_tail = tail.partition("\t")
        data_tail = "\t" + data_tail if _ else ""
        kind = ident[0]
        if kind == "T":
            try:
                label, rest = data.split(" ", 1)
                spans = []
                for piece in rest.split(";"):
                    start, end = piece.split(" ", 2)
                    end = end.rstrip()
                    if any(c.isspace() for c in end):
                        raise ValueError(piece)
                    spans.append((int(start), int(end)))
            except ValueError:
                errors.append(f"{place}: cannot read the type and offsets of {data!r}")
                continue
            bad = [s for s in spans if s[0] > s[1] or s[0] < 0 or s[1] > len(text)]
            if bad:
                errors.append(f"{place}: offsets {bad} outside the text ({len(text)} code points)")
                continue
            if any(end >= o_start and start < o_end for i, (start, end) in enumerate(spans) for o_start, o_end in spans[:i]):
                errors.append(f"{place}: fragments overlap")
                continue
            expected = " ".join(text[start:end] for start, end in spans)
            span_length = sum(end - start for start, end in spans) + len(spans) - 1
            if data_tail.strip() == "" and span_length > 0:
                errors.append(f"{place}: missing text")
                continue
            if not data_tail.startswith("\t") or span_length > len(data_tail) - 1:
                errors.append(f"{place}: text shorter than the span")
                continue
            found, after = data_tail[1:span_length + 1], data_tail[span_length + 1:]
            if found != expected:
                errors.append(f"{place}: text {found!r} does not match {expected!r}")
                continue
            if after and not after[0].isspace():
                errors.append(f"{place}: text not separated from the rest of the line")
                continue
            seen[ident] = label
            textbounds.append((ident, label, spans))
            if label not in entities:
                errors.append(f"{place}: {label} is not a known textbound type")
        elif kind == "A" or kind == "M":
            match = re.match(r"(.+?) (.+?) (.+?)$", data) or re.match(r"(.+?) (.+?)$", data)
            if not match:
                errors.append(f"{place}: cannot read the attribute {data!r}")
                continue
            references.append((place, ident, match.group(1), match.group(2), match.group(3) if match.lastindex == 3 else None))
        elif kind == "#":
            parts = data.split()
            if len(parts) != 2:
                errors.append(f"{place}: cannot read the note {data!r}")
                continue
            references.append((place, ident, parts[0], parts[1], None))
        else:
            errors.append(f"{place}: {ident}: Trellis writes only T, A and # lines")
    for place, ident, kind, target, value in references:
        if target not in seen or seen[target] is None:
            errors.append(f"{place}: ID {target} not defined")
            continue
        if ident.startswith("#"):
            continue
        allowed_types, values = attributes.get(kind, (set(), set()))
        if seen[target] not in allowed_types:
            errors.append(f"{place}: {seen[target]} cannot take a {kind} attribute")
        elif value is not None and value not in values:
            errors.append(f"{place}: {value} is not a value of {kind}")
    for first in textbounds:
        for second in textbounds:
            if first is second:
                continue
            (id1, t1, s1), (id2, t2, s2) = first, second
            if not (min(a for a, _ in s2) < max(b for _, b in s1) and max(b for _, b in s2) > min(a for a, _ in s1)):
                continue

            def contains(outer, inner):
                return all(any(o_start >= start and o_end <= end for start, end in outer) for o_start, o_end in inner)

            if set(s1) == set(s2):
                ok, what = can(overlaps, "equal", t1, t2), "cannot have identical span with"
            elif contains(s2, s1):
                ok, what = can_contain(overlaps, t1, t2), "cannot be contained in"
            elif contains(s1, s2):
                ok, what = can_contain(overlaps, t2, t1), "cannot contain"
            else:
                ok, what = can(overlaps, "cross", t1, t2), "cannot have crossing span with"
            if not ok:
                errors.append(f"{where}: {id1}: {t1} {what} {t2} ({id2})")
    return len(textbounds) + len(references)


def check_ids(folder, names, errors):
    path = os.path.join(folder, "ids.tsv")
    if not os.path.exists(path):
        return
    files, ids = {}, {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle.read().split("\n"), 1):
            if not line or line.startswith("#") or (number == 1 and line == "file\tid"):
                continue
            fields = line.split("\t")
            if len(fields) != 2:
                errors.append(f"{path}:{number}: not FILE<TAB>ID")
                continue
            file = re.sub(r"\.(txt|ann)$", "", fields[0])
            if file in files or fields[1] in ids:
                errors.append(f"{path}:{number}: listed twice")
            files[file], ids[fields[1]] = fields[1], file
    for name in names:
        if name not in files:
            errors.append(f"{path}: {name}.txt is not listed")
    for file in files:
        if file not in names:
            errors.append(f"{path}: lists {file}, which is not in the folder")


def main(folder):
    conf = read_conf(os.path.join(folder, "annotation.conf"))
    names = sorted(entry[:-4] for entry in os.listdir(folder) if entry.endswith(".txt"))
    errors, annotations = [], 0
    for name in names:
        if not os.path.exists(os.path.join(folder, name + ".ann")):
            errors.append(f"{folder}/{name}.txt: no .ann beside it")
            continue
        annotations += check_document(folder, name, conf, errors)
    check_ids(folder, set(names), errors)
    for error in errors:
        print(error)
    print(f"{len(names)} documents, {annotations} annotations, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
