"""Build the shipped ontology tables from the public PLOVER/CAMEO sources.

    python tools/build_ontology.py [--shared ../shared/data/ontology]

Writes `src/flashpoint/data/ontology/cameo.tsv` and `plover.yaml`, and checks the hand-curated
`acled.tsv` against `acled_types.tsv`, `plover.yaml` and `cameo.tsv`. Running it twice gives the same files.

- cameo.tsv: every 2-4 digit CAMEO code with its name, Goldstein score, quad class (this project's rule:
  roots 01-02 -> 0, 03-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4) and PLOVER type, mode and contexts from
  CAMEO2PLOVER-2021.txt, with the corrections in FIXES / MODE_ALIASES / CONTEXT_ALIASES below.
- plover.yaml: names, quad category, requires_recipient, modes, scores, contexts, sectors and international
  non-state actor codes parsed from PLOVER_MANUAL.tex. The short descriptions and each type's
  `default_cameo` are curated by hand in plover.yaml itself; the build keeps them and reports any missing.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "flashpoint" / "data" / "ontology"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "ontology"

QUAD_BY_ROOT = {
    **dict.fromkeys(("01", "02"), 0),
    **dict.fromkeys(("03", "04", "05"), 1),
    **dict.fromkeys(("06", "07", "08"), 2),
    # 16 REDUCE RELATIONS (PLOVER SANCTION) is verbal conflict in PLOVER's own quad table.
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), 3),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), 4),
}
QUAD_NAMES = {
    "VERBAL COOPERATION": 1,
    "MATERIAL COOPERATION": 2,
    "VERBAL CONFLICT": 3,
    "MATERIAL CONFLICT": 4,
}

# CAMEO2PLOVER uses some mode names the manual (draft 2.0) does not define; map them to the manual's
# mode for that type, or to None where the manual has no equivalent. Keyed by (type, source mode).
MODE_ALIASES: dict[tuple[str, str], str | None] = {
    ("RETREAT", "ease"): None,  # the source itself notes "ease" is no longer a mode
    ("RETREAT", "return"): None,  # the manual comments the "return" mode out
    ("THREATEN", "ban"): "restrict",  # manual: restrict covers banning parties or individuals
    ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",
    ("ASSAULT", "assassinate"): "targeted",  # manual: targeted = assassinations and executions
    ("ASSAULT", "massacre"): "targeted",  # manual: targeted includes deliberate mass killings
    ("ASSAULT", "cleansing"): None,  # commented out in the manual
    ("ASSAULT", "seize"): "destroy",  # 1712 destroy property; seize is a COERCE mode
}

# Context names in the source that are not in the manual's list.
CONTEXT_ALIASES: dict[str, str] = {
    "democracy": "pro_democracy",
    "humanitarian": "human_security",  # humanitarian aid is food, shelter, water: human security
}


@dataclass(frozen=True)
class Fix:
    plover_type: str
    plover_mode: str | None
    contexts: tuple[str, ...]
    reason: str


# Scores the manual's table gives with an evident sign error (every ACCUSE mode is negative).
SCORE_FIXES: dict[tuple[str, str | None], float] = {("ACCUSE", None): -3.0}

# Rows where the project departs from CAMEO2PLOVER-2021 (listed in cameo.tsv's header too).
FIXES: dict[str, Fix] = {
    "163": Fix("SANCTION", "discontinue", ("diplomatic",),
               "manual: international sanctions are SANCTION discontinue (source: COERCE restrict)"),
    "175": Fix("ASSAULT", None, ("repression", "pro_autocracy"),
               "source put the context pro_autocracy in the mode column"),
    "183": Fix("ASSAULT", "explosives", (),
               "generic non-military bombing; suicide bombing is its child 1831 (source: suicide-attack)"),
    "195": Fix("ASSAULT", "aerial", ("military",),
               "employ aerial weapons is the manual's aerial mode (source: heavy-weapons)"),
}  # fmt: skip


# ---------------------------------------------------------------------------------------------- CAMEO


def read_source_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [[cell.strip() for cell in row] for row in rows[1:] if row]


def parse_cameo2plover(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, str | None, list[str]]]]:
    """Root types ("03: AGREE") and code rows ("030: AGREE, mode, ctx; ctx # comment"); first row wins."""
    roots: dict[str, str] = {}
    rows: dict[str, tuple[str, str | None, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"(\d{2,4}):\s*(.*)", body)
        if not match:
            continue
        code, rest = match.groups()
        parts = [p.strip() for p in rest.split(",")]
        if len(parts) == 1:
            roots.setdefault(code, parts[0])
            continue
        plover_type, mode, contexts = [*parts, "", ""][:3]
        ctx = [c.strip() for c in contexts.split(";") if c.strip()]
        rows.setdefault(code, (plover_type, mode or None, ctx))
    return roots, rows


def normalise_context(name: str, known: set[str]) -> str:
    name = name.strip().lower().replace("-", "_").replace(" ", "_")
    name = CONTEXT_ALIASES.get(name, name)
    if name not in known:
        raise SystemExit(f"unknown PLOVER context {name!r} in CAMEO2PLOVER")
    return name


def normalise_mode(plover_type: str, mode: str | None, modes: dict[str, set[str]]) -> str | None:
    if mode is None:
        return None
    mode = mode.strip().lower()
    if (plover_type, mode) in MODE_ALIASES:
        return MODE_ALIASES[plover_type, mode]
    if mode not in modes.get(plover_type, set()):
        raise SystemExit(f"mode {mode!r} is not a manual mode of {plover_type}")
    return mode


def plover_row(
    code: str,
    roots: dict[str, str],
    rows: dict[str, tuple[str, str | None, list[str]]],
) -> tuple[str | None, str | None, list[str]]:
    """PLOVER (type, mode, contexts) for a code: its own row, else the nearest parent's, else the root's."""
    if code in FIXES:
        fix = FIXES[code]
        return fix.plover_type, fix.plover_mode, list(fix.contexts)
    if code[:2] == "01":
        return None, None, []  # PLOVER drops CAMEO 01 (public statements)
    if code[:2] == "02":
        # PLOVER drops CAMEO 02 APPEAL, but its REQUEST covers "all requests": code an appeal like the
        # parallel CAMEO 10 DEMAND code (020 -> 100, 0231 -> 1031, ...), as POLECAT does.
        return plover_row("10" + code[2:], roots, rows)
    for length in range(len(code), 2, -1):
        if code[:length] in rows:
            return rows[code[:length]]
    return roots[code[:2]], None, []


def build_cameo(shared: Path, plover: dict[str, Any]) -> list[dict[str, str]]:
    names = [(c, n) for c, n in read_source_tsv(shared / "cameo_eventcodes.tsv") if len(c) > 1]
    goldstein = dict(read_source_tsv(shared / "cameo_goldstein.tsv"))
    roots, rows = parse_cameo2plover(shared / "CAMEO2PLOVER-2021.txt")
    modes = {t["name"]: {m["name"] for m in t["modes"]} for t in plover["types"]}
    contexts = {c["name"] for c in plover["contexts"]}
    out = []
    for code, name in names:
        score = next(goldstein[code[:n]] for n in range(len(code), 1, -1) if code[:n] in goldstein)
        plover_type, mode, ctx = plover_row(code, roots, rows)
        if plover_type is not None and plover_type not in modes:
            raise SystemExit(f"{code}: unknown PLOVER type {plover_type!r}")
        mode = normalise_mode(plover_type, mode, modes) if plover_type else None
        ctx = list(dict.fromkeys(normalise_context(c, contexts) for c in ctx))
        out.append(
            {
                "code": code,
                "name": re.sub(r"\s+", " ", name),
                "goldstein": f"{float(score):.1f}",
                "quad_class": str(QUAD_BY_ROOT[code[:2]]),
                "plover_type": plover_type or "",
                "plover_mode": mode or "",
                "plover_contexts": ",".join(ctx),
            }
        )
    skipped = sorted(set(rows) - {c for c, _ in names})
    if skipped:
        print(f"cameo.tsv: CAMEO2PLOVER rows for codes not in cameo_eventcodes.tsv, skipped: {skipped}")
    return out


def write_cameo(rows: list[dict[str, str]], path: Path) -> None:
    header = [
        "# CAMEO event codes with Goldstein scores, quad classes and PLOVER type/mode/contexts.",
        "# Generated by tools/build_ontology.py; do not edit by hand.",
        "# Sources: CAMEO code names and Goldstein scores from the GDELT lookup tables (CAMEO codebook,",
        "# Schrodt et al.); PLOVER mapping from openeventdata/PLOVER CAMEO2PLOVER-2021.txt and",
        "# PLOVER_MANUAL.tex, CC BY-SA 4.0 (this table is shared under the same licence).",
        "# quad_class (this project): 0 statement/appeal (01-02), 1 verbal cooperation (03-05),",
        "# 2 material cooperation (06-08), 3 verbal conflict (09-13, and 16 as in PLOVER's quad table),",
        "# 4 material conflict (14-15, 17-20).",
        "# Departures from CAMEO2PLOVER-2021:",
        "#   01x: no PLOVER type (PLOVER drops public statements).",
        "#   02x APPEAL: coded as REQUEST with the mode/contexts of the parallel 10x DEMAND code.",
        *(f"#   {code}: {fix.reason}" for code, fix in FIXES.items()),
        *(f"#   mode {t} {m} -> {n or '(none)'}" for (t, m), n in MODE_ALIASES.items()),
        *(f"#   context {a} -> {b}" for a, b in CONTEXT_ALIASES.items()),
    ]
    columns = list(rows[0])
    lines = [*header, "\t".join(columns), *("\t".join(r[c] for c in columns) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------- PLOVER


def strip_latex(text: str) -> str:
    """Plain text of a LaTeX table cell (enough for the manual's names and codes)."""
    text = re.sub(r"\\hyperref\[[^\]]*\]\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\cellcolor\{[^}]*\}", "", text)
    text = re.sub(r"\\(?:textit|textbf|texttt|txt|plcat|plcon|plmod|emph|ti)\{([^}]*)\}", r"\1", text)
    text = text.replace("\\_", "_").replace("``", '"').replace("''", '"')
    return re.sub(r"\s+", " ", text).strip()


def uncommented(tex: str) -> str:
    return "\n".join(line for line in tex.splitlines() if not line.lstrip().startswith("%"))


def table_rows(block: str) -> list[list[str]]:
    """Cells of the body rows of the first tabular/longtable in `block` (header row dropped)."""
    body = re.search(r"\\begin\{(?:tabular|longtable)\}.*?\\end\{(?:tabular|longtable)\}", block, re.S)
    if body is None:
        return []
    text = body.group(0).split("\\hline", 1)[-1]  # drop the column spec and caption
    rows = []
    for raw in text.split("\\\\"):
        raw = re.sub(r"\\(?:hline|cline\{[^}]*\}|endhead|endfoot|endlastfoot|end\{\w+\})", "", raw)
        cells = [strip_latex(c) for c in raw.split("&")]
        if len(cells) >= 2 and any(cells) and cells[0] not in ("Name", "Code"):
            rows.append(cells)
    return rows


def parse_scores(tex: str) -> dict[tuple[str, str | None], float]:
    block = tex[tex.index("\\caption{PLOVER conflict--cooperation scores}") :]
    scores: dict[tuple[str, str | None], float] = {}
    for cells in table_rows(block):
        for label, value in zip(cells[::2], cells[1::2], strict=False):
            if not label or not re.fullmatch(r"-?\d+(\.\d+)?", value):
                continue
            name, _, mode = label.partition(":")
            scores[name.strip().upper(), mode.strip().lower() or None] = float(value)
    return scores | SCORE_FIXES


def parse_types(tex: str) -> list[dict[str, Any]]:
    chapter = tex[tex.index("\\chapter{Event Categories}") : tex.index("\\chapter{Contexts}")]
    sections = re.split(r"\\section\{([A-Z]+)\}", chapter)[1:]
    scores = parse_scores(tex)
    types = []
    for name, body in zip(sections[::2], sections[1::2], strict=True):
        recipient = re.search(r"Requires recipient: (Yes|No)", body)
        quad = re.search(r"Quad category: ([A-Z ]+?)\}", body)
        if recipient is None or quad is None:
            raise SystemExit(f"manual: {name} lacks its recipient or quad subsection")
        modes = []
        caption = re.search(r"\\caption\{[^\n]*modes", body)
        if caption:
            for cells in table_rows(body[caption.start() :]):
                if not cells[0]:  # continuation line of the previous row
                    continue
                modes.append({"name": cells[0].lower(), "score": scores.get((name, cells[0].lower()))})
        types.append(
            {
                "name": name,
                "quad": quad.group(1).strip().lower(),
                "quad_class": QUAD_NAMES[quad.group(1).strip()],
                "requires_recipient": recipient.group(1) == "Yes",
                "score": scores.get((name, None)),
                "modes": modes,
            }
        )
    return types


def parse_named_table(tex: str, label: str) -> list[tuple[str, str]]:
    """(name, content) rows of the table carrying `label`."""
    at = tex.index(label)
    begin = max(tex.rfind("\\begin{longtable}", 0, at), tex.rfind("\\begin{tabular}", 0, at))
    rows = table_rows(tex[begin:])
    return [(cells[0], cells[1]) for cells in rows if re.fullmatch(r"[a-z_]+|[A-Z]{3}", cells[0])]


def build_plover(tex: str, current: dict[str, Any]) -> dict[str, Any]:
    """The manual's structure with the curated descriptions and defaults of the current plover.yaml."""
    tex = uncommented(tex)
    old = {
        "types": {t["name"]: t for t in current.get("types", [])},
        "contexts": {c["name"]: c for c in current.get("contexts", [])},
        "sectors": {s["code"]: s for s in current.get("sectors", [])},
        "international_actors": {s["code"]: s for s in current.get("international_actors", [])},
    }
    types = []
    for parsed in parse_types(tex):
        kept = old["types"].get(parsed["name"], {})
        kept_modes = {m["name"]: m for m in kept.get("modes", [])}
        types.append(
            {
                "name": parsed["name"],
                "description": kept.get("description", ""),
                "quad": parsed["quad"],
                "quad_class": parsed["quad_class"],
                "requires_recipient": parsed["requires_recipient"],
                "score": parsed["score"],
                "default_cameo": kept.get("default_cameo", ""),
                "modes": [
                    {
                        "name": m["name"],
                        "description": kept_modes.get(m["name"], {}).get("description", ""),
                        "score": m["score"],
                    }
                    for m in parsed["modes"]
                ],
            }
        )
    contexts = [
        {"name": name, "description": old["contexts"].get(name, {}).get("description", "")}
        for name, _ in parse_named_table(tex, "\\label{tab:general-contexts}")
    ]
    sectors = [
        {"code": code, "description": old["sectors"].get(code, {}).get("description", "")}
        for code, _ in parse_named_table(tex, "\\label{tab:roles}")
    ]
    actors = [
        {
            "code": code,
            "name": name,
            "description": old["international_actors"].get(code, {}).get("description", ""),
        }
        for code, name in parse_named_table(tex, "\\label{tab:nonstate}")
    ]
    return {"types": types, "contexts": contexts, "sectors": sectors, "international_actors": actors}


def missing_curation(plover: dict[str, Any]) -> list[str]:
    missing = []
    for t in plover["types"]:
        missing += [f"type {t['name']}: {k}" for k in ("description", "default_cameo") if not t[k]]
        missing += [f"mode {t['name']}/{m['name']}" for m in t["modes"] if not m["description"]]
    for key, field in (("contexts", "name"), ("sectors", "code"), ("international_actors", "code")):
        missing += [f"{key} {item[field]}" for item in plover[key] if not item["description"]]
    return missing


def write_plover(plover: dict[str, Any], path: Path) -> None:
    header = (
        "# PLOVER event types, modes, contexts, sector codes and international non-state actor codes.\n"
        "# Names, quad categories, requires_recipient and scores are parsed from PLOVER_MANUAL.tex\n"
        "# (openeventdata/PLOVER, CC BY-SA 4.0; this file is shared under the same licence) by\n"
        "# tools/build_ontology.py. `description` and `default_cameo` are curated here by hand and kept\n"
        "# by the build. quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,\n"
        "# 4 material conflict (the manual's per-type sections; its summary table puts SANCTION in 3).\n"
        "# default_cameo: the CAMEO code used for an event known only by its PLOVER type.\n"
        "# score: the manual's conflict-cooperation score (-10..10); ACCUSE's printed +3 is read as -3.\n"
    )
    text = yaml.safe_dump(plover, sort_keys=False, allow_unicode=True, width=110)
    path.write_text(header + text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------- ACLED


def check_acled(out_dir: Path, plover: dict[str, Any], cameo_codes: set[str]) -> int:
    def rows(name: str) -> list[dict[str, str]]:
        with (out_dir / name).open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))

    taxonomy = {(r["event_type"], r["sub_event_type"]) for r in rows("acled_types.tsv")}
    modes = {t["name"]: {m["name"] for m in t["modes"]} for t in plover["types"]}
    mapping = rows("acled.tsv")
    errors = []
    for n, row in enumerate(mapping, start=1):
        ptype, mode, prefix = row["plover_type"], row["plover_mode"], row["cameo_prefix"]
        if ptype != "*" and ptype not in modes:
            errors.append(f"row {n}: unknown PLOVER type {ptype}")
        if mode != "*" and mode not in modes.get(ptype, set()):
            errors.append(f"row {n}: {mode} is not a mode of {ptype}")
        if prefix != "*" and prefix not in cameo_codes:
            errors.append(f"row {n}: unknown CAMEO prefix {prefix}")
        if (row["event_type"], row["sub_event_type"] or "") not in taxonomy | {(e, "") for e, _ in taxonomy}:
            errors.append(f"row {n}: {row['event_type']} / {row['sub_event_type']} is not an ACLED type")
    keys = [(r["plover_type"], r["plover_mode"], r["cameo_prefix"]) for r in mapping]
    errors += [f"duplicate acled.tsv key {k}" for k in sorted({k for k in keys if keys.count(k) > 1})]
    if errors:
        raise SystemExit("acled.tsv:\n  " + "\n  ".join(errors))
    return len(mapping)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared ontology folder")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write the tables")
    args = parser.parse_args(argv)

    yaml_path = args.out / "plover.yaml"
    current = yaml.safe_load(yaml_path.read_text(encoding="utf-8")) if yaml_path.exists() else {}
    plover = build_plover((args.shared / "PLOVER_MANUAL.tex").read_text(encoding="utf-8"), current or {})
    write_plover(plover, yaml_path)
    cameo = build_cameo(args.shared, plover)
    write_cameo(cameo, args.out / "cameo.tsv")
    print(
        f"plover.yaml: {len(plover['types'])} types, {sum(len(t['modes']) for t in plover['types'])} modes, "
        f"{len(plover['contexts'])} contexts, {len(plover['sectors'])} sectors, "
        f"{len(plover['international_actors'])} international actors"
    )
    print(f"cameo.tsv: {len(cameo)} codes")
    missing = missing_curation(plover)
    if missing:
        print(f"plover.yaml: {len(missing)} items need a curated value:\n  " + "\n  ".join(missing))
    if (args.out / "acled.tsv").exists():
        print(f"acled.tsv: {check_acled(args.out, plover, {r['code'] for r in cameo})} rows, valid")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
