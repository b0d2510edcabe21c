"""Writes Tests/Fixtures/import/spacy-docs.jsonl: what spaCy's Doc.to_json() gives for two
documents (a blank French pipeline, no model), one with a Doc.id extension and a nested quote in
a span group, one without an id. Run with spaCy 3.8: python Tests/interop/make_spacy_fixture.py"""
import json
import pathlib

import spacy
from spacy.tokens import Doc

Doc.set_extension("id", default=None)
nlp = spacy.blank("fr")
documents = [
    ("fr-1", "Je suis là 👋🏽. Tu as dit « non », je comprends.",
     [("Je suis là 👋🏽.", "human"), ("Tu as dit « non », je comprends.", "ai")], [("« non »", "quote")]),
    (None, "Thanks 🙂 for asking! I can help with that.",
     [("Thanks 🙂 for asking!", "human"), ("I can help with that.", "ai")], []),
]


def span(doc, text, part, label):
    start = text.index(part)
    return doc.char_span(start, start + len(part), label=label, alignment_mode="expand")


lines = []
for ident, text, entities, quotes in documents:
    doc = nlp(text)
    doc._.id = ident
    doc.ents = [span(doc, text, part, label) for part, label in entities]
    doc.spans["sc"] = list(doc.ents) + [span(doc, text, part, label) for part, label in quotes]
    record = doc.to_json(underscore=["id"]) if ident else doc.to_json()
    lines.append(json.dumps(record, ensure_ascii=False))

out = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "import" / "spacy-docs.jsonl"
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
