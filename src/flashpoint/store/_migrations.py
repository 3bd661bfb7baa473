"""Schema migrations: decorated functions applied in order, each recorded once in `_migrations`.

Like sqlite-utils' migrations, a migration is never edited once released: change the schema by adding a new
`@migration` function below the others. Each runs in its own transaction together with the row that
records it, so a failed upgrade leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

Migration = Callable[[duckdb.DuckDBPyConnection], None]

# (name, function) in the order they are applied; names are the recorded identity, so never rename one.
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register `fn` as the next migration, under its function name.

    fn (Migration): takes the connection (inside a transaction) and changes the schema.
    RETURNS (Migration): `fn`, unchanged.
    """
    if any(name == fn.__name__ for name, _ in MIGRATIONS):
        raise ValueError(f"migration {fn.__name__!r} is already registered")
    MIGRATIONS.append((fn.__name__, fn))
    return fn


MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS _migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL  -- UTC
)
"""


@migration
def m001_initial_schema(conn: duckdb.DuckDBPyConnection) -> None:
    # No FOREIGN KEYs: DuckDB checks them eagerly within a transaction, which breaks the delete-and-reinsert
    # that replaces an article; the store keeps child rows consistent itself (one transaction per batch).
    # "end" and "where" are reserved words in DuckDB, hence the quotes.
    conn.execute("""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            published DATE,            -- date part of published_raw
            published_raw VARCHAR,     -- as the article gave it (ISO date or datetime)
            source VARCHAR,
            url VARCHAR,
            language VARCHAR,
            text VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            n_events INTEGER NOT NULL,
            record JSON NOT NULL,      -- ArticleRecord.to_dict(): the lossless source of every read
            ingested_at TIMESTAMP NOT NULL  -- UTC
        )
    """)
    conn.execute("""
        CREATE TABLE events (
            article_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,  -- index into record.events
            type VARCHAR NOT NULL,
            mode VARCHAR,
            contexts VARCHAR[],
            cameo VARCHAR,
            quad_class INTEGER,
            goldstein DOUBLE,
            acled_event_type VARCHAR,
            acled_sub_event_type VARCHAR,
            trigger_text VARCHAR,
            trigger_start INTEGER,
            trigger_end INTEGER,
            sentence_index INTEGER,
            sentence_start INTEGER,
            sentence_end INTEGER,
            sentence_text VARCHAR,
            place_name VARCHAR,
            geonameid BIGINT,
            lat DOUBLE,
            lon DOUBLE,
            place_country VARCHAR,
            admin1 VARCHAR,
            location_link VARCHAR,
            date VARCHAR,               -- as in the contract: 2020-09-27, 2020-W39, 2020-09, 2020
            event_day DATE,             -- first day `date` covers, else the article's published date
            date_text VARCHAR,
            modality VARCHAR,
            attribution_source_text VARCHAR,
            attribution_source_type VARCHAR,
            attribution_cue_text VARCHAR,
            confidence DOUBLE,
            provenance VARCHAR,
            actor_codes VARCHAR[],
            recipient_codes VARCHAR[],
            PRIMARY KEY (article_id, event_id)
        )
    """)
    conn.execute("""
        CREATE TABLE event_actors (
            article_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            role VARCHAR NOT NULL,      -- 'actor' | 'recipient'
            position INTEGER NOT NULL,
            text VARCHAR,
            start INTEGER,
            "end" INTEGER,
            code VARCHAR,
            sector VARCHAR,
            name VARCHAR,
            backer VARCHAR
        )
    """)
    conn.execute("""
        CREATE TABLE quotes (
            article_id VARCHAR NOT NULL,
            quote_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            kind VARCHAR,
            speaker_text VARCHAR,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_resolved VARCHAR,
            speaker_code VARCHAR,
            speaker_sector VARCHAR,
            cue_text VARCHAR,
            cue_start INTEGER,
            cue_end INTEGER,
            content_text VARCHAR,
            content_start INTEGER,
            content_end INTEGER,
            source_type VARCHAR
        )
    """)
    conn.execute("""
        CREATE TABLE entities (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            start INTEGER,
            "end" INTEGER,
            label VARCHAR,
            code VARCHAR,
            sector VARCHAR,
            name VARCHAR,
            backer VARCHAR,
            chain INTEGER
        )
    """)
    conn.execute("""
        CREATE TABLE places (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            start INTEGER,
            "end" INTEGER,
            name VARCHAR,
            geonameid BIGINT,
            lat DOUBLE,
            lon DOUBLE,
            country_code VARCHAR,
            feature_class VARCHAR,
            admin1 VARCHAR,
            link VARCHAR
        )
    """)
    conn.execute("""
        CREATE TABLE times (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            start INTEGER,
            "end" INTEGER,
            value VARCHAR,
            precision VARCHAR
        )
    """)
    conn.execute("""
        CREATE TABLE problems (
            "where" VARCHAR,
            reason VARCHAR NOT NULL,
            message VARCHAR NOT NULL,
            skipped BOOLEAN NOT NULL,
            seen_at TIMESTAMP NOT NULL  -- UTC
        )
    """)
    # DuckDB scans with zone maps and uses an ART index only for selective look-ups (about 0.1% of rows or
    # fewer), so an index on event_day or actor code would slow every insert and speed up nothing. What is
    # selective is one article's rows: article(), article_id filters, and the deletes that replace one.
    for table in ("events", "event_actors", "quotes", "entities", "places", "times"):
        conn.execute(f"CREATE INDEX {table}_article ON {table} (article_id)")


@migration
def m010_corrections(conn: duckdb.DuckDBPyConnection) -> None:
    # Analysts' verdicts on coded events (store/_corrections.py), kept apart from the machine's rows so
    # re-ingestion never loses them and they never overwrite what the coder said. Append-only: an event's
    # current review is the fold of its corrections in id order.
    conn.execute("CREATE SEQUENCE corrections_id START 1")
    conn.execute("""
        CREATE TABLE corrections (
            id BIGINT PRIMARY KEY DEFAULT nextval('corrections_id'),
            article_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            verdict VARCHAR NOT NULL,       -- 'confirm' | 'reject' | 'correct'
            changes JSON NOT NULL,          -- corrected contract fields: type, actor, recipient, ...
            machine JSON NOT NULL,          -- the event as coded when it was reviewed (the gold's baseline)
            content_hash VARCHAR NOT NULL,  -- of the article version reviewed
            analyst VARCHAR,
            note VARCHAR,
            created_at TIMESTAMP NOT NULL   -- UTC
        )
    """)
    conn.execute("CREATE INDEX corrections_event ON corrections (article_id, event_id)")


@migration
def m011_articles_record_uncompressed(conn: duckdb.DuckDBPyConnection) -> None:
    # DuckDB compresses a column of large JSON strings with ZSTD in segments of thousands of rows, so
    # reading one article's record (what every events() page does) decompressed most of the column: ~40 ms
    # per article on 6,500 PolNeAR articles, 0.8 s per page of events. Stored uncompressed (as DuckDB
    # already stores `text`), a page reads in ~15 ms; the file grows by the records' compressed size.
    # The table is rebuilt with the same columns in the same order; nothing else refers to it.
    conn.execute("""
        CREATE TABLE articles_rebuilt (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            published DATE,
            published_raw VARCHAR,
            source VARCHAR,
            url VARCHAR,
            language VARCHAR,
            text VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            n_events INTEGER NOT NULL,
            record JSON NOT NULL USING COMPRESSION uncompressed,
            ingested_at TIMESTAMP NOT NULL
        )
    """)
    conn.execute("INSERT INTO articles_rebuilt SELECT * FROM articles")
    conn.execute("DROP TABLE articles")
    conn.execute("ALTER TABLE articles_rebuilt RENAME TO articles")


@migration
def m020_incidents(conn: duckdb.DuckDBPyConnection) -> None:
    # Written by monitor/ as batches are stored (store/_incidents.py holds the queries).
    conn.execute("""
        CREATE TABLE article_fingerprints (
            article_id VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL,  -- of the article version fingerprinted; a new one is redone
            n_shingles INTEGER NOT NULL,
            duplicate_of VARCHAR,           -- the earliest stored article this one near-duplicates, or NULL
            similarity DOUBLE,              -- containment of their word 5-shingle sets
            terms JSON NOT NULL,            -- the article's context terms and their counts (monitor/stories)
            story_id VARCHAR                -- the story (articles on one happening): its first article's id
        )
    """)
    conn.execute("""
        CREATE TABLE article_bands (  -- MinHash LSH: articles sharing a (band, key) are duplicate candidates
            article_id VARCHAR NOT NULL,
            band SMALLINT NOT NULL,
            key BIGINT NOT NULL
        )
    """)
    conn.execute("CREATE INDEX article_bands_key ON article_bands (key)")
    conn.execute("""
        CREATE TABLE term_frequencies (  -- document frequency over distinct (non-duplicate) articles
            term VARCHAR PRIMARY KEY,
            df INTEGER NOT NULL
        )
    """)
    conn.execute("""
        CREATE TABLE incidents (
            id VARCHAR PRIMARY KEY,        -- 'i' || seq
            seq BIGINT NOT NULL,
            type VARCHAR NOT NULL,
            cameo VARCHAR,
            quad_class INTEGER,
            goldstein DOUBLE,
            date VARCHAR,                  -- the supporting events' most specific stated date
            first_day DATE,                -- first and last day the supporting events' dates cover
            last_day DATE,
            first_reported DATE,           -- earliest publication date of a supporting article
            location JSON,                 -- contract Place
            actor JSON NOT NULL,           -- [Actor]
            recipient JSON NOT NULL,       -- [Actor]
            actor_codes VARCHAR[] NOT NULL,
            recipient_codes VARCHAR[] NOT NULL,
            n_events INTEGER NOT NULL,
            n_articles INTEGER NOT NULL,   -- distinct articles, near-duplicates counted once
            publishers VARCHAR[] NOT NULL, -- independent publishers (near-duplicate copies not counted)
            corroboration INTEGER NOT NULL,
            modalities JSON NOT NULL,      -- modality -> number of independent publishers reporting it so
            updated_at TIMESTAMP NOT NULL  -- UTC
        )
    """)
    conn.execute("""
        CREATE TABLE incident_events (
            article_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            incident_id VARCHAR NOT NULL,
            score DOUBLE,                  -- the match score that joined it (NULL: it founded the incident)
            content_hash VARCHAR NOT NULL, -- of the article version the event came from
            PRIMARY KEY (article_id, event_id)
        )
    """)
    conn.execute("CREATE INDEX incident_events_incident ON incident_events (incident_id)")


@migration
def m021_story_links(conn: duckdb.DuckDBPyConnection) -> None:
    # Stories became the connected groups of nearest-neighbour links (monitor/stories.py). Fingerprints
    # made before have no links: they are dropped, with the bands and term counts made from them, and
    # the next monitor update redoes them all (near-duplicates come out the same; incidents are kept).
    conn.execute("""
        CREATE TABLE story_links (  -- each distinct article's nearest articles (monitor/stories.py)
            article_id VARCHAR NOT NULL,
            neighbour_id VARCHAR NOT NULL,
            similarity DOUBLE NOT NULL     -- cosine of their TF-IDF context vectors
        )
    """)
    conn.execute("CREATE INDEX story_links_article ON story_links (article_id)")
    for table in ("article_fingerprints", "article_bands", "term_frequencies"):
        conn.execute(f"DELETE FROM {table}")


@migration
def m022_story_groups(conn: duckdb.DuckDBPyConnection) -> None:
    # Stories became the parts of the groups of linked articles, cut where two happenings meet
    # (monitor/stories.py), and each fingerprint keeps its uncut group too (incident matching uses it).
    # Fingerprints and links made before are dropped, as in m021, and the next monitor update redoes them.
    conn.execute("ALTER TABLE article_fingerprints ADD COLUMN group_id VARCHAR")
    for table in ("article_fingerprints", "article_bands", "term_frequencies", "story_links"):
        conn.execute(f"DELETE FROM {table}")


@migration
def m023_event_sizes(conn: duckdb.DuckDBPyConnection) -> None:
    # PLOVER's size fields of an event (how many it killed, hurt or had arrested), so they can be summed and
    # filtered in SQL. Events stored before have them null until their article is coded again.
    for column in ("dead", "injured", "arrested"):
        conn.execute(f"ALTER TABLE events ADD COLUMN {column} INTEGER")
