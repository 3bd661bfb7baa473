"""Every `Doc._` attribute Flashpoint uses, declared in one place.

Stages read earlier stages' results from these attributes and write their own; `records.build` reads
them all. `register_extensions()` is safe to call any number of times.
"""

from __future__ import annotations

from spacy.tokens import Doc

# name -> what it holds (all lists are in document order)
DOC_EXTENSIONS: dict[str, str] = {
    "article": "the ingest.Article being coded (id, published date, ...) or None",
    "entities": "list[records.Entity]: actor mentions with codes (actors stage)",
    "places": "list[records.Place]: toponyms resolved against the gazetteer (places stage)",
    "times": "list[records.Time]: temporal expressions normalised against the publication date (times stage)",
    "quotes": "list[records.Quote]: attributed statements (attribution stage)",
    "events": "list[records.Event]: coded events (events stage)",
}

_LIST_VALUED = {"entities", "places", "times", "quotes", "events"}


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            # A getter-free default of None: each stage assigns a fresh list, so Docs never share one.
            Doc.set_extension(name, default=None)


def stage_results(doc: Doc, name: str) -> list:
    """A stage's results on `doc`, or [] when that stage has not run."""
    if name not in _LIST_VALUED:
        raise KeyError(name)
    value = getattr(doc._, name)
    return value if value is not None else []
