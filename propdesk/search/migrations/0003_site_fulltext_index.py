"""One GIN index over (site_id, tsv) instead of tsv alone (PostgreSQL; btree_gin).

A desk searches its own site: with tsv alone, a common word (漏水) matched ~114,000 documents of
all sites in the index, then the site's 20,000 were intersected on the table (~40 ms at a
million tickets); with the site inside the index only the site's matches are read (~5 ms).
Queries must compare `site_id` with bigint values for the index to apply (search.selectors).
A query without a site (a company-wide user) uses the same index on its tsv column.
btree_gin ships with PostgreSQL and is a trusted extension (the database owner may create it).
Built CONCURRENTLY: the table stays writable while a large index is built.
"""

from django.db import migrations

from propdesk.core.migration_ops import VendorRunSQL

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS search_doc_site_tsv"
    " ON search_searchdocument USING GIN (site_id, tsv)",
    "DROP INDEX CONCURRENTLY IF EXISTS search_doc_tsv",
]
POSTGRES_REVERSE = [
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS search_doc_tsv ON search_searchdocument USING GIN (tsv)",
    "DROP INDEX CONCURRENTLY IF EXISTS search_doc_site_tsv",
]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0002_fulltext")]

    operations = [VendorRunSQL("postgresql", POSTGRES_SQL, POSTGRES_REVERSE)]
