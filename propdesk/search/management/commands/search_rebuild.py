"""`propdesk search_rebuild [--type T] [--batch N]`: re-index every document in batches."""

from django.core.management.base import BaseCommand, CommandError

from propdesk.search import registry
from propdesk.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index (all document types, or one with --type)."

    def add_arguments(self, parser):
        parser.add_argument("--type", dest="doc_type", help="one document type, e.g. ticket")
        parser.add_argument("--batch", type=int, default=1000, help="objects per batch")

    def handle(self, *args, doc_type=None, batch=1000, **options):
        if doc_type and doc_type not in registry.types():
            known = ", ".join(sorted(registry.types())) or "-"
            raise CommandError(f"Unknown document type {doc_type!r}; known: {known}")

        def log(name, count):
            if options["verbosity"] > 1:
                self.stdout.write(f"{name}: {count}")

        total = search_index_rebuild(doc_type, batch_size=max(1, batch), log=log)
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} documents."))
