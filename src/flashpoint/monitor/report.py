"""What `flashpoint incidents` and `flashpoint watch` show: incident records in the contract's shape, and
alerts with the incidents and sentences behind them."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..store import _incidents as sql
from .alerts import METHODS, Alert, dyad_alerts
from .series import dyad_series

if TYPE_CHECKING:
    from ..store import Store


def event_ref(article_id: str, event_id: str) -> str:
    """A global event id: the article's id and the event's, joined by '#'."""
    return f"{article_id}#{event_id}"


def incident_record(summary: Mapping[str, Any]) -> dict[str, Any]:
    """An incident as `flashpoint incidents --format jsonl` writes it (docs/output-contract.md)."""
    links = summary["links"]
    return {
        "id": summary["id"],
        "type": summary["type"],
        "event_ids": [event_ref(aid, eid) for aid, eid in links],
        "article_ids": sorted({aid for aid, _ in links}),
        "publishers": list(summary["publishers"]),
        "corroboration": summary["corroboration"],
        "first_reported": _iso(summary["first_reported"]),
        "date": summary["date"],
        "location": summary["location"],
        "actor": summary["actor"],
        "recipient": summary["recipient"],
        "modalities": summary["modalities"],
        # Beyond the contract's fields (only ever added to):
        "cameo": summary["cameo"],
        "quad_class": summary["quad_class"],
        "goldstein": summary["goldstein"],
        "first_day": _iso(summary["first_day"]),
        "last_day": _iso(summary["last_day"]),
        "n_events": summary["n_events"],
        "n_articles": summary["n_articles"],
    }


def sentence_link(event: Mapping[str, Any]) -> str:
    """Where to read an event's sentence: its article's URL with a text fragment (`#:~:text=`, which
    browsers scroll to and highlight), else `article:ID#chars=START-END` into the stored text."""
    start, end = event.get("sentence_start"), event.get("sentence_end")
    if event.get("url"):
        words = (event.get("sentence_text") or "").split()
        if len(words) > 8:
            fragment = (
                urllib.parse.quote(" ".join(words[:4])) + "," + urllib.parse.quote(" ".join(words[-4:]))
            )
        else:
            fragment = urllib.parse.quote(" ".join(words))
        return f"{event['url']}#:~:text={fragment}"
    return f"article:{event['article_id']}#chars={start}-{end}"


def current_alerts(
    store: Store, *, since: dt.date | None = None, methods: Sequence[str] = METHODS
) -> list[dict[str, Any]]:
    """Alerts of every dyad for the last week with an incident (or every week from `since`), each with
    its driving incidents and their supporting sentences."""
    summaries = sql.incidents(store)
    series = dyad_series(summaries, sql.article_volume(store), freq="week")
    alerts = dyad_alerts(series, methods=methods, since=since)
    by_id = {s["id"]: s for s in summaries}
    events = sql.incident_events(store, {iid for a in alerts for iid in a.incident_ids})
    return [_explained(alert, by_id, events) for alert in alerts]


def _explained(
    alert: Alert,
    summaries: Mapping[str, Mapping[str, Any]],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, Any]:
    found = alert.to_dict()
    found["incidents"] = [
        {
            "id": iid,
            "type": summaries[iid]["type"],
            "date": summaries[iid]["date"],
            "corroboration": summaries[iid]["corroboration"],
            "sentences": [
                {
                    "event_id": event_ref(e["article_id"], e["event_id"]),
                    "text": e["sentence_text"],
                    "start": e["sentence_start"],
                    "end": e["sentence_end"],
                    "link": sentence_link(e),
                }
                for e in events.get(iid, ())
            ],
        }
        for iid in alert.incident_ids
    ]
    return found


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
