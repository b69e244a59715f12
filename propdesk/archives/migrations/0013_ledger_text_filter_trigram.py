"""Trigram indexes for the ledger's text filter (PostgreSQL; pg_trgm).

The ledger's `q` matches a record's number, title or box anywhere in the text (`icontains`,
`UPPER(col::text) LIKE UPPER('%…%')`). Without an index every filtered page read all records:
~100 ms at 100,000 records for the archivist of every site. One GIN trigram index per column
on exactly that expression lets PostgreSQL OR three index scans (~1 ms); Chinese text is cut into
trigrams too (the database's UTF-8 character classes). pg_trgm ships with PostgreSQL and is a
trusted extension (the database owner may create it). Built CONCURRENTLY: the ledger stays
writable. SQLite reads its archive of one site without them.
"""

from django.db import migrations

from propdesk.core.migration_ops import VendorRunSQL

COLUMNS = ("number", "title", "box")
POSTGRES_SQL = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS archive_record_{c}_trgm"
    f" ON archives_archiverecord USING GIN (UPPER({c}::text) gin_trgm_ops)"
    for c in COLUMNS
]
POSTGRES_REVERSE = [f"DROP INDEX CONCURRENTLY IF EXISTS archive_record_{c}_trgm" for c in COLUMNS]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("archives", "0012_archive_record_recent_index")]

    operations = [VendorRunSQL("postgresql", POSTGRES_SQL, POSTGRES_REVERSE)]
