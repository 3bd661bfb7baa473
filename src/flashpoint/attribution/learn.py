"""Count attribution cue rates from annotated news into `data/lexicons/attribution_cues.tsv`.

For every word of every article: its lemma, coarse part of speech and frame (see `cues.cue_frame`), and
whether annotators marked it as the head of an attribution cue. Words inside an annotated content are not
counted: the annotation is univocal (a statement inside another statement's content is never annotated),
so they say nothing about whether the word is a cue. Only the counts are written, never text.

Run on PolNeAR's train compartment (never dev or test):

    python -m flashpoint.attribution.learn ../shared/data/polnear/train
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from ..data import data_path
from .cues import coarse_pos, cue_frame
from .training import cue_head

HEADER = (
    "# Attribution cue rates counted from PolNeAR train (networkdynamics/PolNeAR, 2016 US election news):\n"
    "# how often a word (lemma, coarse pos) heading a frame (what it governs; +s: it has a subject) was\n"
    "# annotated as the cue of an attribution (cue) out of the times it was seen outside any annotated\n"
    "# content (seen). Regenerate: python -m flashpoint.attribution.learn ../shared/data/polnear/train\n"
)
MIN_ROW_SEEN = 2  # rows seen once carry no rate worth shipping
IGNORED_POS = {"DET", "PRON", "CCONJ", "NUM", "SYM", "X", "SPACE", "PART", "INTJ"}


def count_cues(pairs: Iterable[tuple[object, Doc]]) -> tuple[Counter, Counter]:
    """(cue counts, seen counts) keyed by (lemma, pos, frame), over (PolnearArticle, parsed Doc) pairs."""
    cues: Counter = Counter()
    seen: Counter = Counter()
    for article, doc in pairs:
        inside_content = [False] * len(doc)
        heads: set[int] = set()
        for gold in article.gold:  # type: ignore[attr-defined]
            for start, end in gold.content:
                for token in doc.char_span(start, end, alignment_mode="expand") or ():
                    inside_content[token.i] = True
            head = cue_head(doc, gold.cue)
            if head is not None:
                heads.add(head.i)
        for token in doc:
            if inside_content[token.i] or token.pos_ in IGNORED_POS or token.is_space:
                continue
            key = (token.lemma_.lower(), coarse_pos(token), cue_frame(token))
            seen[key] += 1
            if token.i in heads:
                cues[key] += 1
    return cues, seen


def write_rates(cues: Counter, seen: Counter, path: Path) -> int:
    """Write the rows of words that were a cue at least once; returns how many rows."""
    words_with_cues = {(lemma, pos) for lemma, pos, _ in cues}
    rows = sorted(
        (key for key, n in seen.items() if key[:2] in words_with_cues and n >= MIN_ROW_SEEN),
        key=lambda k: (k[0], k[1], k[2]),
    )
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        handle.write("lemma\tpos\tframe\tcue\tseen\n")
        for lemma, pos, frame in rows:
            if "\t" in lemma or not lemma.strip():
                continue
            handle.write(
                f"{lemma}\t{pos}\t{frame}\t{cues[(lemma, pos, frame)]}\t{seen[(lemma, pos, frame)]}\n"
            )
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    from ..coder import parse_articles
    from ..evaluation.polnear import read_polnear
    from ..ingest.article import Article
    from ..nlp import load_pipeline

    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        raise SystemExit("usage: python -m flashpoint.attribution.learn POLNEAR_TRAIN_FOLDER")
    folder = Path(args[0])
    if folder.name in {"dev", "test"}:
        raise SystemExit("learn cue rates from train only; dev and test are for measuring")
    articles = list(read_polnear(folder))
    nlp = load_pipeline()
    docs = parse_articles(nlp, [Article(text=a.text, id=a.name) for a in articles], batch_size=32)
    cues, seen = count_cues(zip(articles, docs, strict=True))
    rows = write_rates(cues, seen, data_path("lexicons", "attribution_cues.tsv"))
    print(f"{len(articles)} articles, {sum(cues.values())} cues, {rows} rows written")


if __name__ == "__main__":
    main()
