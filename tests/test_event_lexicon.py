"""The event-trigger lexicon (data/lexicons/event_verbs.tsv, event_nouns.tsv) and its matcher."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from flashpoint.data import data_path, read_tsv
from flashpoint.events.lexicon import hyphens_apart, load_event_lexicon, noun_keys, noun_lemma
from flashpoint.ontology import is_cameo

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lexicon():
    return load_event_lexicon()


# ------------------------------------------------------------------------------------------- tables


@pytest.mark.parametrize("name", ["event_verbs.tsv", "event_nouns.tsv"])
def test_rows_have_known_codes_and_sources(name: str) -> None:
    rows = read_tsv("lexicons", name)
    assert rows
    for row in rows:
        # `---` (not an event) is allowed only in curated verb rows.
        null_ok = name == "event_verbs.tsv" and row["source"] == "flashpoint"
        assert is_cameo(row["cameo"] or "") or (null_ok and row["cameo"] == "---"), row
        assert row["source"] in {"petrarch2", "flashpoint"}, row
        assert row["lemma"] == (row["lemma"] or "").lower(), row


def test_verb_rows_are_unique_base_forms() -> None:
    rows = read_tsv("lexicons", "event_verbs.tsv")
    keys = [(r["lemma"], r["particle"], r["prep"], r["object"]) for r in rows]
    assert len(keys) == len(set(keys))
    lemmas = {r["lemma"] for r in rows}
    assert all(" " not in (lemma or "") for lemma in lemmas)
    # PETRARCH lists inflections in {...}; none may leak in as lemmas.
    assert not {"killed", "lost", "forgave", "angered", "deterring", "is"} & lemmas
    assert sum(r["source"] == "flashpoint" for r in rows) > 50


def test_object_and_noun_keys_are_normalised() -> None:
    # Rows are written as people write them ("cease-fire"); read, their hyphens stand apart as spaCy's.
    for row in read_tsv("lexicons", "event_verbs.tsv"):
        if row["object"]:
            assert noun_lemma(row["object"]) == hyphens_apart(row["object"]), row
    nouns = read_tsv("lexicons", "event_nouns.tsv")
    assert all(noun_lemma(r["lemma"] or "") == hyphens_apart(r["lemma"] or "") for r in nouns)
    keys = [(r["lemma"], r["prep"]) for r in nouns]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("rockets", "rocket"),
        ("talks", "talk"),
        ("casualties", "casualty"),
        ("Air Strikes", "air strike"),
        ("news", "news"),
        ("headquarters", "headquarters"),
        ("crisis", "crisis"),
        ("teargas", "teargas"),
        ("embassy", "embassy"),
        ("cease-fires", "cease - fire"),
        ("counter - attacks", "counter - attack"),
    ],
)
def test_noun_lemma(word: str, lemma: str) -> None:
    assert noun_lemma(word) == lemma


# -------------------------------------------------------------------------------------------- verbs

VERB_CASES = [
    # (lemma, particle, prepositional phrases, direct objects, expected code or CAMEO prefix)
    ("warn", None, [], [], "13"),
    ("threaten", None, [], [], "130"),
    ("travel", None, [("to", "tehran")], [], "042"),
    ("visit", None, [], ["tehran"], "042"),
    ("launch", None, [("at", "embassy")], ["rockets"], "194"),
    ("launch", None, [], ["air strikes"], "195"),
    ("launch", None, [], ["attack"], "190"),
    ("arrest", None, [], ["activists"], "173"),
    ("detain", None, [], [], "173"),
    ("kidnap", None, [], [], "181"),
    ("shell", None, [], ["village"], "194"),
    ("attack", None, [], ["diplomats"], "190"),
    ("pull", "out", [("of", "baghdad")], [], "08"),
    ("pull", "out", [("of", "talks")], [], "164"),
    ("close", None, [], ["embassy"], "161"),
    ("impose", None, [("on", "iran")], ["sanctions"], "163"),
    ("sanction", None, [], ["officials"], "163"),
    ("expel", None, [], ["diplomats"], "166"),
    ("call", "on", [], [], "020"),
    ("urge", None, [], [], "020"),
    ("demand", None, [], [], "10"),
    ("accuse", None, [], [], "112"),
    ("condemn", None, [], [], "111"),
    ("criticize", None, [], [], "111"),
    ("meet", None, [("with", "president")], [], "04"),
    ("discuss", None, [("with", "leadership")], ["issue"], "04"),
    ("negotiate", None, [], [], "046"),
    ("sign", None, [], ["agreement"], "057"),
    ("pledge", None, [], [], "03"),
    ("deploy", None, [], ["troops"], "154"),
    ("protest", None, [], [], "14"),
    ("demonstrate", None, [], [], "141"),
    ("reject", None, [], [], "120"),
    ("veto", None, [], [], "129"),
    ("investigate", None, [], [], "090"),
    ("apologize", None, [], [], "055"),
    ("give", None, [("to", "nicaragua")], ["medical equipment"], "073"),
    ("hand", "over", [], ["supply"], "070"),
    ("return", None, [], ["painting"], "0842"),
    ("extend", None, [], ["curfew"], "1723"),
    ("hold", None, [("as", "human shields")], ["civilians"], "181"),
    ("lay", "down", [], ["weapons"], "0873"),
]


@pytest.mark.parametrize(("lemma", "particle", "pps", "objects", "expected"), VERB_CASES)
def test_verb_codes(lexicon, lemma, particle, pps, objects, expected: str) -> None:
    entry = lexicon.match_verb(lemma, particle, pps, objects)
    assert entry is not None
    assert entry.cameo.startswith(expected), entry


def test_most_specific_row_wins(lexicon) -> None:
    assert lexicon.match_verb("ask").cameo == "020"
    assert lexicon.match_verb("ask", objects=["humanitarian aid"]).cameo == "0233"
    # A compound the table does not know falls back to its head ("katyusha rocket" -> "rocket").
    assert lexicon.match_verb("launch", objects=["katyusha rockets"]).rule == "launch rocket"
    # Flashpoint rows beat PETRARCH rows and say so.
    assert lexicon.match_verb("launch", objects=["rocket"]).source == "flashpoint"


def test_bare_verb_is_the_fallback(lexicon) -> None:
    entry = lexicon.match_verb("attack", pps=[("in", "city")], objects=["convoy"])
    assert (entry.cameo, entry.rule) == ("190", "attack")
    assert lexicon.match_verb("launch") is None  # "launch" alone is not an event
    assert lexicon.match_verb("frobnicate") is None


def test_particle_and_preposition_are_interchangeable(lexicon) -> None:
    # spaCy may attach "on" in "called on Iraq" as a particle or as a preposition.
    assert lexicon.code_verb("call", particle="on") == ("020", "call on")
    assert lexicon.code_verb("call", preps=[("on", "iraq")]) == ("020", "call on")


def test_null_rows_block_generic_verbs(lexicon) -> None:
    # PETRARCH codes "he added" as 060 and "people died" as 190; curated `---` rows block the bare verb...
    for lemma in ("add", "die", "think", "face", "pull"):
        assert lexicon.match_verb(lemma) is None, lemma
    # ... while the verb's specific rows still apply.
    assert lexicon.match_verb("add", objects=["sanctions"]).cameo == "163"
    assert lexicon.match_verb("pull", "out").cameo.startswith("08")
    assert lexicon.code_verb("reconsider", objects=["decision"]) == ("014", "reconsider")


def test_verb_codes_lists_a_verbs_rows(lexicon) -> None:
    rows = lexicon.verb_codes("pull", "out")
    assert rows[0].rule == "pull out"
    assert all(r.particle == "out" for r in rows)
    assert "out" in lexicon.particles("pull")


# -------------------------------------------------------------------------------------------- nouns


@pytest.mark.parametrize(
    ("phrase", "preps", "expected"),
    [
        ("air strike", [], "195"),
        ("airstrikes", [], "195"),
        ("us air strike", [], "195"),
        ("strike", [], "190"),
        ("hunger strike", [], "142"),
        ("talks", [], "040"),
        ("threat", ["to"], "130"),
        ("embassy closure", [], "161"),
        ("ceasefire", [], "0871"),
        ("cease-fire", [], "0871"),
        ("sit-in", [], "141"),
        ("release", ["of"], "0841"),
        ("calls", ["for"], "020"),
        ("arrest", [], "173"),
        ("protest", [], "141"),
    ],
)
def test_noun_codes(lexicon, phrase: str, preps: list[str], expected: str) -> None:
    code, _rule = lexicon.code_noun(phrase, preps)
    assert code == expected


def test_noun_with_a_preposition_needs_it(lexicon) -> None:
    assert lexicon.noun_code("release") is None  # a press release is not an event
    assert lexicon.noun_code("release", "of") == "0841"
    assert lexicon.match_noun(["air", "strike"]).rule == "air strike"


def test_noun_keys_from_a_parse() -> None:
    words = ["a", "US", "air", "strike"]
    doc = Doc(
        Vocab(), words=words, heads=[3, 3, 3, 3], deps=["det", "compound", "compound", "ROOT"],
        lemmas=["a", "US", "air", "strike"],
    )  # fmt: skip
    assert noun_keys(doc[3]) == ("strike", "air strike", "us air strike")


def test_noun_keys_read_a_hyphenated_compound() -> None:
    words = ["a", "weeklong", "cease", "-", "fire"]
    doc = Doc(
        Vocab(), words=words, heads=[4, 4, 4, 4, 4], deps=["det", "amod", "compound", "punct", "ROOT"],
        lemmas=words,
    )  # fmt: skip
    assert noun_keys(doc[4]) == ("fire", "cease - fire", "weeklong cease - fire")


# -------------------------------------------------------------------------------------------- build


@pytest.mark.shared_data
def test_build_reproduces_the_shipped_lexicon(shared_data: Path, tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "lexicons").mkdir()
    shutil.copy(data_path("ontology", "cameo.tsv"), tmp_path / "ontology" / "cameo.tsv")
    for name in ("event_verbs.tsv", "event_nouns.tsv"):
        shutil.copy(data_path("lexicons", name), tmp_path / "lexicons" / name)
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_event_lexicon.py"),
         "--shared", str(shared_data / "petrarch_dictionaries"), "--data", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    for name in ("event_verbs.tsv", "event_nouns.tsv"):
        assert (tmp_path / "lexicons" / name).read_text() == data_path("lexicons", name).read_text(), name
