"""The ingestion loop with a stand-in engine (no model): skipping, batching, hooks, polling."""

from __future__ import annotations

import pytest

from flashpoint.coder import Coded
from flashpoint.ingest import Article, ReadProblem
from flashpoint.ingest.run import ingest, parse_every, poll
from flashpoint.records.model import ArticleMeta, ArticleRecord
from flashpoint.store import Store


class RecordingEngine:
    """Codes every article into an empty record and remembers which batches it was given."""

    name = "recording"
    workers = 1

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def code_batches(self, batches):
        for batch in batches:
            self.batches.append([getattr(item, "id", None) or item.where for item in batch])
            yield [
                Coded(item, ArticleRecord(ArticleMeta(item.id, item.title, item.published)))
                if isinstance(item, Article)
                else item
                for item in batch
            ]

    def close(self) -> None:
        pass


def article(n: int, text: str | None = None) -> Article:
    return Article(text=text or f"Article number {n}.", id=f"a{n}", published="2020-09-29")


@pytest.fixture
def store():
    with Store(memory=True) as opened:
        yield opened


def test_stored_articles_are_skipped_before_coding(store):
    engine = RecordingEngine()
    first = ingest([article(n) for n in range(5)], store, engine=engine, batch_size=2, after_batch=None)
    assert first.coded == 5 and engine.batches == [["a0", "a1"], ["a2", "a3"], ["a4"]]
    again = RecordingEngine()
    second = ingest([article(n) for n in range(6)], store, engine=again, batch_size=2, after_batch=None)
    assert again.batches == [["a5"]]  # only the new one reached the engine
    assert (second.coded, second.unchanged) == (1, 5)


def test_changed_content_is_coded_again_and_replaces(store):
    ingest([article(1)], store, engine=RecordingEngine(), after_batch=None)
    report = ingest([article(1, "Changed text.")], store, engine=RecordingEngine(), after_batch=None)
    assert (report.coded, report.replaced) == (1, 1)
    assert store.article("a1")["text"] == "Changed text."


def test_problems_pass_through_and_are_recorded(store):
    seen: list[ReadProblem] = []
    problem = ReadProblem("in.jsonl:2", "malformed record", "invalid JSON")
    report = ingest(
        [article(1), problem], store, engine=RecordingEngine(), on_problem=seen.append, after_batch=None
    )
    assert seen == [problem] and report.problems == [problem]
    assert store.problems()[0]["where"] == "in.jsonl:2"


def test_an_id_read_twice_in_one_run_keeps_the_first(store):
    seen: list[ReadProblem] = []
    twice = Article(text="Another text, same id.", id="a1", origin="feed.rss#2")
    report = ingest([article(1), article(2), twice], store, engine=RecordingEngine(), on_problem=seen.append)
    assert report.coded == 2 and store.article("a1")["text"] == "Article number 1."
    (problem,) = seen
    assert problem.where == "feed.rss#2" and problem.reason == "duplicate id"


def test_after_batch_runs_every_n_stored_batches_and_after_the_last(store):
    calls: list[int] = []
    ingest(
        [article(n) for n in range(5)],
        store,
        engine=RecordingEngine(),
        batch_size=2,
        after_batch=lambda s: calls.append(s.stats()["counts"]["articles"]),
        after_every=1,
    )
    assert calls == [2, 4, 5]  # each call sees its batch stored
    calls.clear()
    ingest(
        [article(n) for n in range(5, 12)],
        store,
        engine=RecordingEngine(),
        batch_size=2,
        after_batch=lambda s: calls.append(s.stats()["counts"]["articles"]),
        after_every=3,
    )
    assert calls == [11, 12]  # after the third batch, then after the fourth (the last)
    # A run with nothing new still calls it once, to finish what a killed run left undone.
    ingest([article(1)], store, engine=RecordingEngine(), after_batch=lambda s: calls.append(-1))
    assert calls[-1] == -1


def test_poll_reads_afresh_each_round_and_waits_between():
    rounds: list[int] = []
    sleeps: list[float] = []
    served = iter([[article(1)], [article(1), article(2)], [article(2)]])
    with Store(memory=True) as store:
        total = poll(
            lambda: next(served),
            store,
            every=900,
            rounds=3,
            sleep=sleeps.append,
            on_round=lambda n, report: rounds.append(report.coded),
            engine=RecordingEngine(),
            after_batch=None,
        )
    assert rounds == [1, 1, 0]
    assert (total.coded, total.unchanged) == (2, 2)
    assert len(sleeps) == 2 and all(895 < s <= 900 for s in sleeps)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("1h", 3600), ("1h30m", 5400), ("90s", 90), ("90", 90), ("0.5h", 1800)],
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "0m", "m15", "15m junk"])
def test_parse_every_rejects(text):
    with pytest.raises(ValueError, match="duration"):
        parse_every(text)
