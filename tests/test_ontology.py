"""The shipped ontology tables (data/ontology) and their loaders in flashpoint.ontology."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.data import data_path, read_tsv
from flashpoint.ontology import (
    acled_for,
    acled_types,
    cameo,
    cameo_codes,
    default_cameo_for,
    international_actors,
    is_cameo,
    plover_contexts,
    plover_modes,
    plover_type,
    plover_types,
    sectors,
)
from flashpoint.records.model import PLOVER_TYPES, Acled

ROOT = Path(__file__).resolve().parents[1]
QUAD_BY_ROOT = {"01": 0, "02": 0, "03": 1, "05": 1, "06": 2, "08": 2, "09": 3, "13": 3, "14": 4, "20": 4}


def test_plover_types_are_the_contract_sixteen() -> None:
    assert set(plover_types()) == set(PLOVER_TYPES)
    assert len(plover_types()) == 16


def test_every_cameo_code_is_two_to_four_digits_with_a_name() -> None:
    codes = cameo_codes()
    assert len(codes) > 300
    assert all(code.isdigit() and 2 <= len(code) <= 4 and cameo(code).name for code in codes)


def test_every_cameo_row_has_a_plover_type_except_root_01() -> None:
    for code in cameo_codes():
        entry = cameo(code)
        if code.startswith("01"):
            assert entry.plover_type is None, code
        else:
            assert entry.plover_type in PLOVER_TYPES, code


def test_appeals_are_coded_as_requests() -> None:
    assert cameo("02").plover_type == "REQUEST"
    assert cameo("0233").plover_type == "REQUEST"
    assert cameo("0233").plover_mode == cameo("1033").plover_mode == "assist"


@pytest.mark.parametrize(("root", "quad"), sorted(QUAD_BY_ROOT.items()))
def test_quad_class_follows_the_cameo_root(root: str, quad: int) -> None:
    assert {cameo(c).quad_class for c in cameo_codes() if c.startswith(root)} == {quad}


def test_quad_classes_cover_every_root() -> None:
    for code in cameo_codes():
        root = int(code[:2])
        # 16 REDUCE RELATIONS (PLOVER SANCTION) is verbal conflict, as in PLOVER's quad table.
        verbal = root <= 13 or root == 16
        expected = 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if verbal else 4
        assert cameo(code).quad_class == expected, code


GOLDSTEIN = [("130", -4.4), ("13", -6.0), ("190", -10.0), ("042", 1.9), ("173", -5.0), ("057", 8.0)]


@pytest.mark.parametrize(("code", "goldstein"), GOLDSTEIN)
def test_goldstein_scores(code: str, goldstein: float) -> None:
    assert cameo(code).goldstein == goldstein


@pytest.mark.parametrize(
    ("code", "plover_type", "mode"),
    [
        ("042", "CONSULT", "visit"),
        ("130", "THREATEN", None),
        ("138", "THREATEN", "violence"),
        ("163", "SANCTION", "discontinue"),
        ("173", "COERCE", "arrest"),
        ("192", "COERCE", "seize"),
        ("195", "ASSAULT", "aerial"),
        ("1831", "ASSAULT", "suicide-attack"),
        ("186", "ASSAULT", "targeted"),
        ("0871", "RETREAT", "ceasefire"),
    ],
)
def test_plover_mapping(code: str, plover_type: str, mode: str | None) -> None:
    entry = cameo(code)
    assert (entry.plover_type, entry.plover_mode) == (plover_type, mode)


def test_modes_and_contexts_are_the_manuals() -> None:
    contexts = set(plover_contexts())
    for code in cameo_codes():
        entry = cameo(code)
        if entry.plover_mode:
            assert entry.plover_mode in plover_modes(entry.plover_type or ""), code
        assert set(entry.plover_contexts) <= contexts, code
    assert cameo("091").plover_contexts == ("crime", "corruption")


def test_unknown_codes_fall_back_to_the_nearest_parent() -> None:
    assert cameo("1999").code == "19"
    assert cameo("0441").code == "044"
    assert is_cameo("0441") is False
    with pytest.raises(KeyError):
        cameo("99")


def test_plover_type_details() -> None:
    assault = plover_type("ASSAULT")
    assert assault.quad_class == 4 and not assault.requires_recipient
    assert plover_type("AID").requires_recipient
    assert {"aerial", "drone", "heavy-weapons", "explosives", "firearms"} <= set(plover_modes("ASSAULT"))
    assert plover_modes("AGREE") == ()
    assert all(plover_type(t).description for t in plover_types())


def test_sectors_and_international_actors() -> None:
    assert {"GOV", "MIL", "COP", "REB", "UAF", "JRN", "CVL", "OPP"} <= set(sectors())
    assert set(international_actors()) == {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
    assert all(sectors().values())


@pytest.mark.parametrize("plover", PLOVER_TYPES)
def test_default_cameo_is_a_code_of_that_type(plover: str) -> None:
    assert cameo(default_cameo_for(plover)).plover_type == plover


def test_default_cameo_choices() -> None:
    assert default_cameo_for("ASSAULT") == "190"
    assert default_cameo_for("REQUEST") == "100"
    assert default_cameo_for("ASSAULT", "aerial") == "195"
    assert default_cameo_for("COERCE", "arrest") == "173"
    assert default_cameo_for("ASSAULT", "no-such-mode") == "190"


ERV, VAC, SD = "Explosions/Remote violence", "Violence against civilians", "Strategic developments"
ACLED_CASES = [
    ("ASSAULT", "aerial", "195", (ERV, "Air/drone strike")),
    ("ASSAULT", "aerial", "190", (ERV, "Air/drone strike")),  # a named mode beats the 19x default
    ("ASSAULT", "heavy-weapons", "194", (ERV, "Shelling/artillery/missile attack")),
    ("ASSAULT", "explosives", "1833", (ERV, "Remote explosive/landmine/IED")),
    ("ASSAULT", "suicide-attack", "1831", (ERV, "Suicide bomb")),
    ("ASSAULT", "unconventional", "2041", (ERV, "Chemical weapon")),
    ("ASSAULT", "firearms", "193", ("Battles", "Armed clash")),
    ("ASSAULT", None, "190", ("Battles", "Armed clash")),
    ("ASSAULT", None, "1823", (VAC, "Attack")),
    ("ASSAULT", "abduct", "181", (VAC, "Abduction/forced disappearance")),
    ("ASSAULT", "targeted", "202", (VAC, "Attack")),
    ("PROTEST", "demo", "141", ("Protests", "Peaceful protest")),
    ("PROTEST", "riot", "145", ("Riots", "Violent demonstration")),
    ("COERCE", "arrest", "173", (SD, "Arrests")),
    ("COERCE", "seize", "192", (SD, "Non-violent transfer of territory")),
    ("AGREE", None, "030", (SD, "Agreement")),
]


@pytest.mark.parametrize(("plover", "mode", "code", "expected"), ACLED_CASES)
def test_acled_mapping(plover: str, mode: str | None, code: str, expected: tuple[str, str]) -> None:
    assert acled_for(plover, mode, code) == Acled(*expected)


def test_events_acled_does_not_record_have_no_acled_type() -> None:
    assert acled_for("CONSULT", "visit", "042") is None
    assert acled_for("ACCUSE", None, "112") is None
    assert acled_for(None, None, "010") is None


def test_every_acled_answer_is_in_acled_taxonomy() -> None:
    taxonomy = acled_types()
    assert set(taxonomy) == {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
        "Strategic developments",
    }  # fmt: skip
    for code in cameo_codes():
        entry = cameo(code)
        answer = acled_for(entry.plover_type, entry.plover_mode, code) if entry.plover_type else None
        if answer is not None:
            assert answer.event_type in taxonomy, code
            assert answer.sub_event_type is None or answer.sub_event_type in taxonomy[answer.event_type], code


def test_acled_rows_use_known_types_and_modes() -> None:
    for row in read_tsv("ontology", "acled.tsv"):
        if row["plover_type"] != "*":
            assert row["plover_type"] in PLOVER_TYPES
            if row["plover_mode"] != "*":
                assert row["plover_mode"] in plover_modes(row["plover_type"] or "")
        if row["cameo_prefix"] != "*":
            assert is_cameo(row["cameo_prefix"] or "")


@pytest.mark.shared_data
def test_build_reproduces_the_shipped_tables(shared_data: Path, tmp_path: Path) -> None:
    for name in ("plover.yaml", "acled.tsv", "acled_types.tsv"):
        shutil.copy(data_path("ontology", name), tmp_path / name)
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_ontology.py"), "--shared", str(shared_data / "ontology"),
         "--out", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    for name in ("cameo.tsv", "plover.yaml"):
        assert (tmp_path / name).read_text() == data_path("ontology", name).read_text(), name
