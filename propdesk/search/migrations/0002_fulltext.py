"""Full-text structures beside `search_searchdocument`, one per database vendor.

SQLite: an external-content FTS5 table `search_fts` over the token columns, kept in step by
triggers (so bulk upserts and deletes stay consistent), ranked by bm25 with the title and keys
weighted 10× the body. PostgreSQL: a generated `tsv` column ('simple' config on the
pre-segmented tokens; title and keys weight A, body weight B) with a GIN index.

Note for later migrations on SQLite: Django rebuilds a table to alter it, which drops its
triggers; such a migration must re-run `SQLITE_SQL` below.
"""

from django.db import migrations

from propdesk.core.migration_ops import VendorRunSQL

SQLITE_SQL = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, body_tokens, keys,
        content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    "INSERT INTO search_fts(search_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 10.0)')",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, keys)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.keys);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, keys)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.keys);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, keys)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.keys);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, keys)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.keys);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_SQL = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, keys), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
    ) STORED""",
    "CREATE INDEX search_doc_tsv ON search_searchdocument USING GIN (tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_SQL, SQLITE_REVERSE),
        VendorRunSQL("postgresql", POSTGRES_SQL, POSTGRES_REVERSE),
    ]
