"""The seed article's hand-written expectations (seed-article.gold.json): each one met or not.

The gold names sentences by a snippet they contain; an expectation about an event is met when any event
coded from that sentence satisfies every field the gold states.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ..coder import code_articles
from ..errors import EvaluationError
from ..ingest.article import Article, parse_published
from ..records.model import ArticleRecord

FACTUAL = {"asserted", "reported"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"})


def _norm(text: str | None) -> str:
    return (text or "").translate(_QUOTES).lower()


def evaluate_seed(text_path: Path, *, model: str | None = None, gold_path: Path | None = None) -> dict:
    gold_path = gold_path or text_path.with_name(text_path.stem + ".gold.json")
    if not gold_path.exists():
        raise EvaluationError(f"{gold_path}: gold file not found (expected beside {text_path.name})")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = text_path.read_text(encoding="utf-8")
    meta = gold.get("article", {})
    article = Article(
        text=text, id=meta.get("id", text_path.stem), published=parse_published(meta.get("published"))
    )
    record = next(iter(code_articles([article], model=model)), None)
    if record is None:
        raise EvaluationError(f"{text_path}: the article could not be coded")
    return score_seed(record, text, gold)


def score_seed(record: ArticleRecord, text: str, gold: dict[str, Any]) -> dict:
    data = record.to_dict()
    sentences = _sentences(data, text)
    checks = {
        "events": [_check_event(g, data, sentences, text) for g in gold.get("events", [])],
        "not_factual": [_check_not_factual(g, data, sentences, text) for g in gold.get("not_factual", [])],
        "quotes": [_check_quote(g, data) for g in gold.get("quotes", [])],
        "attributions": [_check_attribution(g, data, sentences, text) for g in gold.get("attributions", [])],
        "actors": [_check_actor(g, data) for g in gold.get("actors", [])],
        "places": [_check_place(g, data) for g in gold.get("places", [])],
    }
    summary = {
        section: {"met": sum(c["met"] for c in items), "total": len(items)}
        for section, items in checks.items()
    }
    return {"summary": summary, "checks": checks}


def _sentences(data: dict, text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as the pipeline saw them (from event sentences), else naive splitting."""
    bounds = {(e["sentence"]["start"], e["sentence"]["end"]) for e in data["events"]}
    for match in re.finditer(r"[^.!?]+[.!?]+[”\"]?", text):
        if not any(s <= match.start() < e for s, e in bounds):
            bounds.add((match.start(), match.end()))
    return sorted(bounds)


def _sentence_of(snippets: list[str], sentences: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    found = []
    for snippet in snippets:
        at = _norm(text).find(_norm(snippet))
        if at >= 0:
            found += [(s, e) for s, e in sentences if s <= at < e]
    return found


def _events_in(data: dict, spans: list[tuple[int, int]]) -> list[dict]:
    return [e for e in data["events"] if any(s <= e["trigger"]["start"] < end for s, end in spans)]


def _actor_ok(expect: dict | None, actors: list[dict]) -> bool:
    if not expect:
        return True
    for actor in actors:
        words = _norm(" ".join(filter(None, (actor.get("text"), actor.get("name")))))
        if "code" in expect and actor.get("code") != expect["code"]:
            continue
        if "code_in" in expect and actor.get("code") not in expect["code_in"]:
            continue
        if "sector" in expect and actor.get("sector") != expect["sector"]:
            continue
        if "sector_in" in expect and actor.get("sector") not in expect["sector_in"]:
            continue
        if "name_contains" in expect and _norm(expect["name_contains"]) not in words:
            continue
        if "text_contains" in expect and _norm(expect["text_contains"]) not in words:
            continue
        return True
    return False


def _event_failures(g: dict, event: dict) -> list[str]:
    failures = []
    if g.get("type") and event["type"] != g["type"]:
        failures.append(f"type {event['type']}")
    if g.get("cameo_root") and not event["cameo"].startswith(g["cameo_root"]):
        failures.append(f"cameo {event['cameo']}")
    if "quad_class" in g and event["quad_class"] != g["quad_class"]:
        failures.append(f"quad {event['quad_class']}")
    if "quad_class_in" in g and event["quad_class"] not in g["quad_class_in"]:
        failures.append(f"quad {event['quad_class']}")
    if not _actor_ok(g.get("actor"), event["actor"]):
        failures.append("actor " + _codes(event["actor"]))
    if not _actor_ok(g.get("recipient"), event["recipient"]):
        failures.append("recipient " + _codes(event["recipient"]))
    if g.get("location"):
        location = event.get("location") or {}
        if _norm(g["location"].get("name")) not in _norm(location.get("name")) or (
            location.get("country_code") != g["location"].get("country_code")
        ):
            failures.append(f"location {location.get('name')}")
    if g.get("date") and event.get("date") != g["date"]:
        failures.append(f"date {event.get('date')}")
    if g.get("modality_in") and event["modality"] not in g["modality_in"]:
        failures.append(f"modality {event['modality']}")
    return failures


def _codes(actors: list[dict]) -> str:
    return ",".join(f"{a.get('code')}/{a.get('sector')}:{a.get('text')}" for a in actors) or "none"


def _check_event(g: dict, data: dict, sentences: list[tuple[int, int]], text: str) -> dict:
    snippets = [g["sentence_contains"]] if "sentence_contains" in g else g.get("sentence_contains_any", [])
    candidates = _events_in(data, _sentence_of(snippets, sentences, text))
    best = min(((_event_failures(g, e), e) for e in candidates), key=lambda x: len(x[0]), default=None)
    met = best is not None and not best[0]
    detail = (
        "no event coded in the sentence"
        if best is None
        else ("ok: " if met else "closest: ") + (f"{best[1]['id']} {best[1]['type']} " + "; ".join(best[0]))
    )
    return {"name": g.get("name"), "met": met, "required": g.get("required", True), "detail": detail}


def _check_not_factual(g: dict, data: dict, sentences: list[tuple[int, int]], text: str) -> dict:
    # The rule names the modalities it allows in quotes ("... has modality 'hypothetical' ..."); a rule
    # that names none ("no factual event") forbids the factual ones.
    allowed = set(re.findall(r"'(\w+)'", g["rule"]))
    events = _events_in(data, _sentence_of([g["sentence_contains"]], sentences, text))
    bad = [e for e in events if (e["modality"] not in allowed if allowed else e["modality"] in FACTUAL)]
    return {
        "name": g["sentence_contains"],
        "met": not bad,
        "detail": f"{len(events)} events; offending: "
        + ", ".join(f"{e['type']}/{e['modality']}" for e in bad)
        if bad
        else f"{len(events)} events, none factual",
    }


def _check_quote(g: dict, data: dict) -> dict:
    speakers = [g["speaker_contains"]] if "speaker_contains" in g else g.get("speaker_contains_any", [])
    kinds = g.get("kind_in") or ([g["kind"]] if "kind" in g else None)
    best_detail = "no quote with that content"
    for quote in data["quotes"]:
        if _norm(g["content_contains"]) not in _norm(quote["content"]["text"]):
            continue
        speaker = quote.get("speaker") or {}
        words = _norm(" ".join(filter(None, (speaker.get("text"), speaker.get("resolved")))))
        speaker_ok = any(_norm(s) in words for s in speakers)
        kind_ok = kinds is None or quote["kind"] in kinds
        if speaker_ok and kind_ok:
            return {
                "name": g["content_contains"],
                "met": True,
                "speaker_ok": True,
                "detail": f"{quote['id']} {quote['kind']} by {speaker.get('text')} "
                f"-> {speaker.get('resolved')}",
            }
        best_detail = (
            f"{quote['id']} {quote['kind']} by {speaker.get('text')!r} -> {speaker.get('resolved')!r}"
        )
        if speaker_ok:
            return {"name": g["content_contains"], "met": False, "speaker_ok": True, "detail": best_detail}
    return {"name": g["content_contains"], "met": False, "speaker_ok": False, "detail": best_detail}


def _check_attribution(g: dict, data: dict, sentences: list[tuple[int, int]], text: str) -> dict:
    spans = _sentence_of([g["sentence_contains"]], sentences, text)
    types = g.get("source_type_in") or [g.get("source_type")]
    for quote in data["quotes"]:
        cue = quote.get("cue") or quote["content"]
        if not any(s <= cue["start"] < e for s, e in spans):
            continue
        speaker = quote.get("speaker") or {}
        if g.get("source_contains") and _norm(g["source_contains"]) not in _norm(speaker.get("text")):
            continue
        if quote["source_type"] in types:
            return {
                "name": g["sentence_contains"],
                "met": True,
                "detail": f"{quote['id']} {speaker.get('text')} [{quote['source_type']}]",
            }
    return {"name": g["sentence_contains"], "met": False, "detail": "no matching attribution"}


def _check_actor(g: dict, data: dict) -> dict:
    mentions = [e for e in data["entities"] if _norm(g["text"]) in _norm(e["text"])]
    for entity in mentions:
        sector_ok = (
            entity.get("sector") == g["sector"] if "sector" in g else entity.get("sector") in g["sector_in"]
        )
        if entity.get("code") == g["code"] and sector_ok:
            return {"name": g["text"], "met": True, "detail": f"{entity['code']} {entity['sector']}"}
    seen = ", ".join(f"{e['text']}={e.get('code')}/{e.get('sector')}" for e in mentions) or "not found"
    return {"name": g["text"], "met": False, "detail": seen}


def _check_place(g: dict, data: dict) -> dict:
    for place in data["places"]:
        if _norm(place["text"]) != _norm(g["text"]):
            continue
        if place.get("country_code") != g["country_code"]:
            continue
        if "lat" in g:
            if place.get("lat") is None:
                continue
            km = haversine_km(place["lat"], place["lon"], g["lat"], g["lon"])
            if km > g.get("within_km", 25):
                continue
            return {"name": g["text"], "met": True, "detail": f"{place['name']} {km:.1f} km"}
        return {"name": g["text"], "met": True, "detail": place["name"]}
    return {"name": g["text"], "met": False, "required": g.get("required", True), "detail": "not resolved"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
