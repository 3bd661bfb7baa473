"""The shipped actor dictionaries (converted from PETRARCH-2) and the phrase matcher over spaCy Docs."""

from __future__ import annotations

import datetime as dt
import filecmp
import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from flashpoint.actors.dictionary import ActorDictionary, DictMatch, load_actor_dictionary
from flashpoint.data import data_path, read_tsv

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = {
    "countries": ["phrase", "code", "kind"],
    "agents": ["phrase", "sector"],
    "people": ["name", "code", "sector", "start", "end", "aliases"],
    "organizations": ["phrase", "code", "sector", "name"],
    "media": ["phrase", "code", "name"],
}
COUNTRY_CODE = re.compile(r"[A-Z]{3}")
ARMED = {"UAF", "REB", "MIL", "PRM"}


@pytest.fixture(scope="module")
def blank() -> Language:
    """spaCy's English tokenizer alone: it tokenises as the trained model does."""
    return spacy.blank("en")


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return load_actor_dictionary()


def find(
    actors: ActorDictionary, blank: Language, text: str, phrase: str, on: dt.date | None = None
) -> DictMatch:
    """The match covering exactly `phrase` in `text`."""
    doc = blank(text)
    matches = actors.match(doc, on=on)
    for m in matches:
        if doc[m.start : m.end].text == phrase:
            return m
    found = [doc[m.start : m.end].text for m in matches]
    raise AssertionError(f"{phrase!r} not matched in {text!r}: {found}")


# -- the tables -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_table_has_its_columns_and_a_licence_header(table: str) -> None:
    rows = read_tsv("actors", f"{table}.tsv")
    assert len(rows) > 200
    assert list(rows[0]) == COLUMNS[table]
    first_line = data_path("actors", f"{table}.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Flashpoint actor dictionary")
    header = data_path("actors", f"{table}.tsv").read_text(encoding="utf-8")[:2000]
    assert "MIT" in header or table == "media"


def test_codes_and_sectors_are_three_letters() -> None:
    for row in read_tsv("actors", "countries.tsv"):
        assert COUNTRY_CODE.fullmatch(row["code"] or ""), row
        assert row["kind"] in {"name", "adjective", "place"}, row
        assert row["phrase"] == (row["phrase"] or "").lower()
    for table in ("agents", "organizations", "people"):
        for row in read_tsv("actors", f"{table}.tsv"):
            assert row["sector"] is None or COUNTRY_CODE.fullmatch(row["sector"]), row
            assert "code" not in row or COUNTRY_CODE.fullmatch(row["code"] or ""), row


def test_people_dates_are_iso_and_ordered() -> None:
    for row in read_tsv("actors", "people.tsv"):
        start = dt.date.fromisoformat(row["start"]) if row["start"] else None
        end = dt.date.fromisoformat(row["end"]) if row["end"] else None
        assert start is None or end is None or start <= end, row


def test_capitals_are_places_of_their_country(actors: ActorDictionary) -> None:
    capitals = {
        "Baghdad": "IRQ",
        "Tehran": "IRN",
        "Washington": "USA",
        "Damascus": "SYR",
        "Kabul": "AFG",
        "Moscow": "RUS",
        "Beijing": "CHN",
        "Kyiv": "UKR",
    }
    for capital, code in capitals.items():
        assert actors.country_code(capital) == code


# -- matching --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "code", "sectors"),
    [
        ("Iraqi leaders met on Sunday.", "Iraqi", "adjective", "IRQ", {None}),
        ("The embassy in Baghdad would close.", "Baghdad", "place", "IRQ", {None}),
        ("Tehran said no.", "Tehran", "place", "IRN", {None}),
        ("The U.S. embassy was attacked.", "U.S. embassy", "organization", "USA", {"GOV"}),
        ("He said the U.S. would leave.", "U.S.", "country", "USA", {None}),
        ("US officials said it would leave.", "US", "country", "USA", {None}),
        ("A State Department spokesperson said so.", "State Department", "organization", "USA", {"GOV"}),
        ("Sources inside the Pentagon said so.", "Pentagon", "organization", "USA", {"MIL", "GOV"}),
        ("The Pentagon declined to comment.", "Pentagon", "organization", "USA", {"MIL", "GOV"}),
        ("The prime minister resigned.", "prime minister", "agent", None, {"GOV"}),
        ("Iraqi Prime Minister Kadhimi spoke.", "Prime Minister", "agent", None, {"GOV"}),
        ("Iran-backed militias fired rockets.", "militias", "agent", None, ARMED),
        ("Iran-backed militias fired rockets.", "Iran", "country", "IRN", {None}),
        ("The police arrested him.", "police", "agent", None, {"COP"}),
        ("A journalist was detained.", "journalist", "agent", None, {"JRN"}),
        ("Soldiers and troops moved in.", "troops", "agent", None, {"MIL"}),
        ("Rebels seized the town.", "Rebels", "agent", None, {"REB"}),
        ("Politico reported that it spoke with three sources.", "Politico", "media", "USA", {"JRN"}),
        ("Reuters reported the attack.", "Reuters", "media", "GBR", {"JRN"}),
        ("Kataib Hezbollah denied it.", "Kataib Hezbollah", "organization", "IRQ", ARMED),
        ("Hezbollah denied it.", "Hezbollah", "organization", "LBN", ARMED),
        ("The Taliban took Kabul.", "Taliban", "organization", "AFG", {"REB"}),
        ("The United Nations condemned it.", "United Nations", "organization", "UNO", {"IGO"}),
    ],
)
def test_phrases_are_found_and_coded(
    actors: ActorDictionary,
    blank: Language,
    text: str,
    phrase: str,
    kind: str,
    code: str | None,
    sectors: set[str | None],
) -> None:
    m = find(actors, blank, text, phrase)
    assert (m.kind, m.code) == (kind, code)
    assert m.sector in sectors


def test_maliki_is_iraqi_government_in_2008(actors: ActorDictionary, blank: Language) -> None:
    m = find(actors, blank, "Nuri al-Maliki met the envoy.", "Nuri al-Maliki", on=dt.date(2008, 6, 1))
    assert (m.kind, m.code, m.sector, m.name) == ("person", "IRQ", "GOV", "Nuri al-Maliki")
    assert actors.person_role("Nuri al-Maliki", dt.date(2008, 6, 1)) == ("IRQ", "GOV")
    assert actors.person_role("Maliki", dt.date(2008, 6, 1)) == ("IRQ", "GOV")


def test_person_roles_respect_dates(actors: ActorDictionary) -> None:
    # PETRARCH: [IRQGOV 20060520-20140908] and a default [IRQELI] that applies outside it
    assert actors.person_role("Nuri al-Maliki", dt.date(2016, 1, 1)) == ("IRQ", "ELI")
    assert actors.person_role("Mike Pompeo", dt.date(2017, 6, 1)) == ("USA", "SPY")
    assert actors.person_role("Mike Pompeo", dt.date(2020, 9, 29)) == ("USA", "GOV")
    assert actors.person_role("Pompeo", None) == ("USA", "ELI")  # the latest role
    assert actors.person_role("Secretary of State Mike Pompeo", dt.date(2020, 9, 29)) == ("USA", "GOV")
    assert actors.person_role("President Kadhimi", dt.date(2020, 9, 29)) == ("IRQ", "GOV")
    assert actors.person_role("Jawad Maliki", dt.date(2008, 1, 1)) is None  # not Nuri al-Maliki
    assert actors.person_role("Nobody Inparticular", None) is None


def test_people_get_their_role_on_the_publication_date(actors: ActorDictionary, blank: Language) -> None:
    text = "U.S. Secretary of State Mike Pompeo warned Iraqi leaders."
    assert find(actors, blank, text, "Mike Pompeo", on=dt.date(2020, 9, 29)).sector == "GOV"
    assert find(actors, blank, text, "Mike Pompeo", on=dt.date(2017, 6, 1)).sector == "SPY"


def test_longest_match_wins(actors: ActorDictionary, blank: Language) -> None:
    doc = blank("The United States Congress passed the bill.")
    matches = actors.match(doc)
    assert [(doc[m.start : m.end].text, m.kind, m.code, m.sector) for m in matches if m.kind != "agent"] == [
        ("United States Congress", "organization", "USA", "LEG")
    ]
    m = find(actors, blank, "The United States said no.", "United States")
    assert (m.kind, m.code) == ("country", "USA")


def test_matches_do_not_overlap_and_are_in_order(actors: ActorDictionary, blank: Language) -> None:
    text = (ROOT / "tests" / "test_actor_dictionary.py").read_text(encoding="utf-8")[:6000]
    matches = actors.match(blank(text))
    assert len(matches) > 20
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start


def test_no_match_on_ordinary_words(actors: ActorDictionary, blank: Language) -> None:
    for text in [
        "The weather was nice and the food was good.",
        "They told us to leave before noon.",
        "It is what it is, and we turned the page.",
    ]:
        doc = blank(text)
        assert [m for m in actors.match(doc) if m.kind != "agent"] == [], text


def test_bare_surname_is_not_someone_elses_full_name(actors: ActorDictionary, blank: Language) -> None:
    # "al-Maliki" alone is Nuri al-Maliki; in "Jawad al-Maliki" it is someone else's surname.
    assert find(actors, blank, "Prime Minister al-Maliki spoke.", "al-Maliki").name == "Nuri al-Maliki"
    doc = blank("Yesterday Jawad al-Maliki spoke.")
    assert not [m for m in actors.match(doc) if m.kind == "person"]
    m = find(actors, blank, "Iraq's Foreign Minister Fuad Hussein traveled to Tehran.", "Fuad Hussein")
    assert (m.kind, m.code) == ("person", "IRQ")


def test_lower_cased_text_still_matches_names(actors: ActorDictionary, blank: Language) -> None:
    doc = blank("iraqi officials met the iranian envoy in baghdad before they told us to go.")
    found = {(doc[m.start : m.end].text, m.code) for m in actors.match(doc) if m.kind != "agent"}
    assert found == {("iraqi", "IRQ"), ("iranian", "IRN"), ("baghdad", "IRQ")}


def test_curly_apostrophes_and_possessives(actors: ActorDictionary, blank: Language) -> None:
    assert find(actors, blank, "Baghdad’s Green Zone is guarded.", "Green Zone").code == "IRQ"
    assert find(actors, blank, "Kata’ib Hezbollah denied it.", "Kata’ib Hezbollah").code == "IRQ"


# -- lookups ---------------------------------------------------------------------------------------------


def test_lookups(actors: ActorDictionary) -> None:
    assert actors.country_code("Iraqi") == "IRQ"
    assert actors.country_code("the United States") == "USA"
    assert actors.country_code("Iranians") == "IRN"
    assert actors.country_code("ordinary") is None
    assert actors.country_name("IRQ") == "Iraq"
    assert actors.sector_of("minister") == "GOV"
    assert actors.sector_of("spokesman") == "GOV"
    assert actors.sector_of("militia") in ARMED
    assert actors.sector_of("police") == "COP"
    assert actors.sector_of("table") is None
    outlet = actors.media("Politico")
    assert outlet is not None and (outlet.name, outlet.code, outlet.sector) == ("Politico", "USA", "JRN")
    assert actors.media("The Associated Press").code == "USA"
    assert actors.media("a blog") is None
    assert actors.person_name("maliki") == "Nuri al-Maliki"


def test_a_small_dictionary_built_from_rows(blank: Language) -> None:
    small = ActorDictionary(
        countries=[
            {"phrase": "iraq", "code": "IRQ", "kind": "name"},
            {"phrase": "iraqi", "code": "IRQ", "kind": "adjective"},
        ],
        agents=[{"phrase": "security council", "sector": "GOV"}],
        organizations=[
            {"phrase": "security council", "code": "UNO", "sector": "IGO", "name": "UN Security Council"}
        ],
        people=[
            {
                "name": "Ada Example",
                "code": "IRQ",
                "sector": "GOV",
                "start": "2001-01-01",
                "end": None,
                "aliases": "example",
            }
        ],
    )
    doc = blank("The Security Council heard Ada Example and Iraqi envoys.")
    matches = small.match(doc, on=dt.date(2005, 1, 1))
    got = [(doc[m.start : m.end].text, m.kind, m.code, m.sector) for m in matches]
    assert got == [
        ("Security Council", "organization", "UNO", "IGO"),
        ("Ada Example", "person", "IRQ", "GOV"),
        ("Iraqi", "adjective", "IRQ", None),
    ]
    assert small.person_role("example", dt.date(1999, 1, 1)) is None
    assert len(small) == 5


# -- the build tool --------------------------------------------------------------------------------------


@pytest.mark.shared_data
def test_build_tool_reproduces_the_shipped_tables(shared_data: Path, tmp_path: Path) -> None:
    path = ROOT / "tools" / "build_actor_dictionaries.py"
    spec = importlib.util.spec_from_file_location("build_actor_dictionaries", path)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # dataclasses look their module up while the tool is being defined
    try:
        spec.loader.exec_module(tool)
        source = shared_data / "petrarch_dictionaries"
        assert tool.main(["--shared", str(source), "--out", str(tmp_path), "--quiet"]) == 0
    finally:
        del sys.modules[spec.name]
    for table in COLUMNS:
        shipped = data_path("actors", f"{table}.tsv")
        assert filecmp.cmp(tmp_path / f"{table}.tsv", shipped, shallow=False), f"{table}: rerun the tool"
