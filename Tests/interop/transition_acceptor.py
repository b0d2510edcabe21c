#!/usr/bin/env python3
"""The transition table of `trellis schema --export json`, run as a decoder would run it.

`TagAcceptor` is what a decoding-time logits processor needs: feed it what the model wrote,
ask `allowed()` what may come next. docs/schema.md shows it inside a logits processor; the
Swift tests run this file over a generated corpus and compare its verdicts with Trellis's.

    python3 transition_acceptor.py TABLE.json CORPUS.jsonl   # prints "ID<TAB>ok" or "ID<TAB>refused: why"
"""
import json
import re
import sys

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_-]{0,31})>")


class Refused(Exception):
    pass


class TagAcceptor:
    def __init__(self, table):
        self.contexts = {c["mode"]: c for c in table["contexts"]}
        self.tags = set(table["tags"])
        self.literals = set(table["literalTags"])
        self.whitespace = [tuple(r) for r in table["whitespace"]]
        # Open contexts, the top level first: [mode, state]. A state is "empty", "free",
        # ("after", tag): a child span closed, only white space since, or ("text", tag): a child
        # span closed, then visible text (only bans with "separation": "anything" still apply).
        self.stack = [[None, "empty"]]

    def _ban(self, context, state, tag):
        if not isinstance(state, tuple):
            return None
        kind, previous = state
        for ban in context["banned"]:
            if ban["after"] == previous and ban["open"] == tag and (kind == "after" or ban["separation"] == "anything"):
                return ban
        return None

    def allowed(self):
        """What may come next: tags that may open, the tag that may close, which text, whether the end."""
        mode, state = self.stack[-1]
        context = self.contexts[mode]
        return {
            "open": [t for t in context["open"] if not self._ban(context, state, t)],
            "close": mode if mode is not None and state != "empty" else None,
            "text": context["text"],  # "any", or "whitespace" only
            "end": len(self.stack) == 1 and state != "empty",
        }

    def open(self, tag):
        mode, state = self.stack[-1]
        context = self.contexts[mode]
        if tag not in context["open"]:
            raise Refused(f"<{tag}> may not open " + (f"inside <{mode}>" if mode else "at the top level"))
        ban = self._ban(context, state, tag)
        if ban:
            raise Refused(f"<{tag}> may not follow <{ban['after']}>: {ban['reason']}")
        self.stack.append([tag, "empty"])

    def close(self, tag):
        mode, state = self.stack[-1]
        if mode != tag:
            raise Refused(f"</{tag}> does not close " + (f"<{mode}>" if mode else "anything at the top level"))
        if state == "empty":
            raise Refused(f"<{tag}> would be empty")
        self.stack.pop()
        parent = self.contexts[self.stack[-1][0]]
        self.stack[-1][1] = ("after", tag) if any(b["after"] == tag for b in parent["banned"]) else "free"

    def text(self, text):
        if not text:
            return
        mode, state = self.stack[-1]
        context = self.contexts[mode]
        visible = any(not any(low <= ord(c) <= high for low, high in self.whitespace) for c in text)
        if not visible:
            if state == "empty" and mode is not None:
                self.stack[-1][1] = "free"
            return
        if context["text"] != "any":
            raise Refused("text outside every span")
        if isinstance(state, tuple) and any(b["after"] == state[1] and b["separation"] == "anything" for b in context["banned"]):
            self.stack[-1][1] = ("text", state[1])
        else:
            self.stack[-1][1] = "free"

    def finish(self):
        if len(self.stack) > 1:
            raise Refused(f"<{self.stack[-1][0]}> is never closed")
        if self.stack[0][1] == "empty":
            raise Refused("the document holds no span")

    def feed(self, tagged, final=True):
        """Runs tagged text (the "text" field of a document); `final=False` for the part of one
        written so far, which may go on."""
        position = 0
        for match in TAG.finditer(tagged):
            closing, name = match.group(1) == "/", match.group(2)
            if name in self.literals:
                continue  # ordinary text
            if name not in self.tags:
                raise Refused(f"unknown tag <{closing and '/' or ''}{name}>")
            self.text(tagged[position:match.start()])
            position = match.end()
            self.close(name) if closing else self.open(name)
        self.text(tagged[position:])
        if final:
            self.finish()


def main(table_path, corpus_path):
    table = json.load(open(table_path, encoding="utf-8"))
    for line in open(corpus_path, encoding="utf-8"):
        if not line.strip():
            continue
        document = json.loads(line)
        try:
            TagAcceptor(table).feed(document["text"])
            print(f"{document['id']}\tok")
        except Refused as why:
            print(f"{document['id']}\trefused: {why}")


if __name__ == "__main__":
    main(*sys.argv[1:])
