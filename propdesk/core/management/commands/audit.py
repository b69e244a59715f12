"""`propdesk audit verify`: walk the sealed timelines and report edited, deleted or unsealed events.

    propdesk audit verify                                          # every record's chain
    propdesk audit verify --target tickets.ticket:42               # one record
    propdesk audit verify --target tickets.ticket:42 --head 3f2a9c1b77de0a41   # a printed copy

Exit status 1 when anything does not fit (for cron and monitoring).
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from propdesk.core import audit_chain

EXPLAIN = {
    "edited": "content no longer matches its seal (edited in the database)",
    "broken": "does not follow the event before it (an event was deleted or its seal changed)",
    "unsealed": "has no seal (written around the timeline service)",
}


def _target(raw: str) -> tuple[int, int]:
    label, _, pk = raw.partition(":")
    app_label, _, model = label.partition(".")
    try:
        ct = ContentType.objects.get_by_natural_key(app_label, model.lower())
        return ct.pk, int(pk)
    except (ContentType.DoesNotExist, ValueError) as exc:
        raise CommandError(
            f"--target wants app.model:id, e.g. tickets.ticket:42 ({raw!r})"
        ) from exc


class Command(BaseCommand):
    help = "Check the timeline's hash chains (edited or deleted events), or a printed chain head."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="walk the chains and report what does not fit")
        verify.add_argument("--target", help="one record: app.model:id (tickets.ticket:42)")
        verify.add_argument("--head", help="the chain head printed on a form (with --target)")

    def handle(self, *args, action, target=None, head=None, **opts):
        if head and not target:
            raise CommandError("--head needs --target")
        if head and not re.fullmatch(r"[0-9a-fA-F]{12,64}", head):
            raise CommandError("--head wants the 16 hex digits printed on the form")
        ids = _target(target) if target else (None, None)
        report = audit_chain.chains_verify(content_type_id=ids[0], object_id=ids[1])
        for p in report.problems:
            self.stdout.write(f"{p.kind}: event #{p.event_id} of {p.target}:{p.object_id} "
                              f"{EXPLAIN[p.kind]}")  # fmt: skip
        ok = report.ok and (not head or self._head(ids, head))
        summary = f"{report.events} events on {report.records} records"
        if not ok:
            raise CommandError(f"audit verify FAILED: {len(report.problems)} problems, {summary}")
        self.stdout.write(self.style.SUCCESS(f"audit verify ok: {summary}"))

    def _head(self, ids, head: str) -> bool:
        found = audit_chain.head_find(content_type_id=ids[0], object_id=ids[1], head=head)
        if found is None:
            self.stdout.write(f"head {head} is not in the chain: the printed copy does not match")
            return False
        position, total = found
        self.stdout.write(f"head {head} is event {position} of {total} "
                          f"({total - position} recorded after the print)")  # fmt: skip
        return True
