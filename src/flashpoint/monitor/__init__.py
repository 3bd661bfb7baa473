"""monitor: near-duplicate articles, incidents (reports of one happening merged), dyad series, alerts.

Ingestion calls `update_monitor(store)` every few stored batches and at the end of a run; `flashpoint
incidents` and `flashpoint watch` read what it keeps.
"""

from .duplicates import Duplicate, fingerprint_new_articles
from .incidents import UpdateReport, update_incidents, update_monitor

__all__ = ["Duplicate", "UpdateReport", "fingerprint_new_articles", "update_incidents", "update_monitor"]
