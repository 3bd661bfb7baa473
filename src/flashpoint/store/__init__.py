"""store: the DuckDB database of coded articles (`Store`), its schema migrations, and content hashes.

Example::

    with Store("news.duckdb") as store:
        store.add_articles(zip(articles, records))
        store.events(actor="USA", type=["THREATEN", "COERCE"], since="2020-09")
"""

from ._migrations import MIGRATIONS, migration
from ._rows import content_hash, period
from ._store import ORDERS, AddResult, Store

__all__ = ["MIGRATIONS", "ORDERS", "AddResult", "Store", "content_hash", "migration", "period"]
