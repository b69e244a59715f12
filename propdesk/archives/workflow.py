"""Who reads and changes archive records (SECURITY.md §c, "Archive records 档案"), and the
transition table of a record, enforced only in services.

Readers: the archivist, the auditor and the GM everywhere; the CS manager and the centre manager
at their sites. Only the archivist files, changes and attaches. Department heads and desk staff
reach archive records through borrowing (R-AR-5), not the ledger.
A filed record changes (edit, attach) while it is filed; destroyed is the end (R-AR-4).
"""

from django.utils.translation import gettext_lazy as _

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import ArchiveRecord

READERS = frozenset({Role.ARCHIVIST, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR})
ARCHIVISTS = frozenset({Role.ARCHIVIST})

R = ArchiveRecord.State
RECORD_FLOW = StateMachine(
    {
        "edit": Transition({R.FILED}, None, ARCHIVISTS),
        "attach": Transition({R.FILED}, None, ARCHIVISTS),
    }
)

EVENT_LABELS = {
    "filed": _("Filed and numbered"),
    "edit": _("Record changed"),
    "attach": _("File attached"),
    "viewed": _("Viewed"),
    "downloaded": _("File downloaded"),
    "checksum_failed": _("A file no longer matched its checksum"),
}
