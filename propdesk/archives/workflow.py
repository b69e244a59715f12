"""Who reads and changes archive records (SECURITY.md §c, "Archive records 档案"), and the
transition table of a record, enforced only in services.

Readers: the archivist, the auditor and the GM everywhere; the CS manager and the centre manager
at their sites. Only the archivist files, changes and attaches. Department heads and desk staff
reach archive records through borrowing (R-AR-5), not the ledger.
A filed record changes (edit, attach) while it is filed; destroyed is the end (R-AR-4).
A loan: requested → approved (every step it needs signed) → lent → returned; or refused, or
withdrawn by the borrower before it is handed over. R-AR-5.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import (
    ArchiveIntake,
    ArchiveLoan,
    ArchiveLoanRenewal,
    ArchiveRecord,
    CustodyTransfer,
    DestructionBatch,
    InspectionRound,
)

READERS = frozenset({Role.ARCHIVIST, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR})
ARCHIVISTS = frozenset({Role.ARCHIVIST})

R = ArchiveRecord.State
RECORD_FLOW = StateMachine(
    {
        "edit": Transition({R.FILED}, None, ARCHIVISTS),
        "attach": Transition({R.FILED}, None, ARCHIVISTS),
        "checklist": Transition({R.FILED}, None, ARCHIVISTS),
    }
)

# Borrowing (SECURITY.md §c, "Archive borrowing"): staff ask; the borrower's head approves, the
# centre manager as well for a confidential record, the GM for an outside body; the archivist lends
# and takes back and never approves.
REQUESTERS = frozenset(
    {
        Role.AGENT,
        Role.SUPERVISOR,
        Role.CS_MANAGER,
        Role.DEPT_HEAD,
        Role.DEPT_STAFF,
        Role.CENTRE_MANAGER,
        Role.GM,
    }
)
APPROVERS = frozenset({Role.CS_MANAGER, Role.DEPT_HEAD, Role.CENTRE_MANAGER, Role.GM})
DESK_STAFF = frozenset({Role.AGENT, Role.SUPERVISOR})

L = ArchiveLoan.State
LOAN_FLOW = StateMachine(
    {
        "approve": Transition({L.REQUESTED}, None, APPROVERS),
        "refuse": Transition({L.REQUESTED}, L.REFUSED, APPROVERS),
        "cancel": Transition({L.REQUESTED, L.APPROVED}, L.CANCELLED, REQUESTERS),
        "lend": Transition({L.APPROVED}, L.LENT, ARCHIVISTS),
        "take_back": Transition({L.LENT}, L.RETURNED, ARCHIVISTS),
        "renew": Transition({L.LENT}, None, REQUESTERS),
    }
)
# A renewal (续借) of a lent record: approved by the same steps as the loan; nobody approves their
# own. The loan's due date changes when the last step is signed.
W = ArchiveLoanRenewal.State
RENEWAL_FLOW = StateMachine(
    {
        "approve": Transition({W.REQUESTED}, None, APPROVERS),
        "refuse": Transition({W.REQUESTED}, W.REFUSED, APPROVERS),
    }
)
OPEN_LOANS = frozenset({L.REQUESTED, L.APPROVED, L.LENT})

# The intake queue (R-AR-3): the archivist files waiting material into a record, or declines it.
Q = ArchiveIntake.State
INTAKE_FLOW = StateMachine(
    {
        "file": Transition({Q.WAITING}, Q.FILED, ARCHIVISTS),
        "decline": Transition({Q.WAITING}, Q.DECLINED, ARCHIVISTS),
    }
)

# Quarterly inspection (R-AR-4): the archivist marks every line and closes the round; a CS manager
# of the site countersigns it, never the person who closed it.
N = InspectionRound.State
ROUND_FLOW = StateMachine(
    {
        "mark": Transition({N.OPEN}, None, ARCHIVISTS),
        "close": Transition({N.OPEN}, N.CLOSED, ARCHIVISTS),
        "countersign": Transition({N.CLOSED}, N.COUNTERSIGNED, {Role.CS_MANAGER}),
    }
)

# Destruction (R-AR-4, R-FM-8): the archivist proposes records past retention; a CS manager and the
# centre manager approve (two different people, neither the proposer); the archivist executes.
D = DestructionBatch.State
DESTRUCTION_FLOW = StateMachine(
    {
        "approve": Transition({D.PROPOSED}, None, {Role.CS_MANAGER, Role.CENTRE_MANAGER}),
        "refuse": Transition({D.PROPOSED}, D.REFUSED, {Role.CS_MANAGER, Role.CENTRE_MANAGER}),
        "execute": Transition({D.APPROVED}, D.DESTROYED, ARCHIVISTS),
    }
)

EVENT_LABELS = {
    "filed": _("Filed and numbered"),
    "edit": _("Record changed"),
    "attach": _("File attached"),
    "viewed": _("Viewed"),
    "downloaded": _("File downloaded"),
    "checksum_failed": _("A file no longer matched its checksum"),
    "requested": _("Borrowing requested"),
    "approve": _("Approved"),
    "refuse": _("Refused"),
    "cancel": _("Withdrawn"),
    "lend": _("Handed over to the borrower"),
    "take_back": _("Taken back"),
    "lent": _("Lent"),
    "returned": pgettext_lazy("archive loan", "Returned"),
    "offered": _("Received for filing"),
    "file": _("Filed as an archive record"),
    "decline": _("Declined: not for the archive"),
    "from_intake": _("Filed from the intake queue"),
    "round_opened": _("Quarterly inspection opened"),
    "mark": _("Record checked"),
    "close": _("Inspection closed"),
    "countersign": _("Countersigned by the CS manager"),
    "inspected": _("Checked in the quarterly inspection"),
    "proposed": _("Proposed for destruction"),
    "execute": _("Destroyed"),
    "destroyed": _("Destroyed; its files deleted"),
    "checklist": _("Required items ticked"),
    "transfer_proposed": _("Transfer list drawn up"),
    "signed.handover": _("Signed by the archivist handing over"),
    "signed.takeover": _("Signed by the archivist taking over"),
    "sign": _("Both signed; custody handed over"),
    "custody": _("Custody handed over to another archivist"),
    "renew": _("Renewal requested"),
    "renewal_approved": _("Renewal approved"),
    "renewed": _("Renewed: new due date"),
    "renewal_refused": _("Renewal refused"),
    "overdue_reminder": _("Overdue reminder sent"),
}

# Custody transfer (R-AR-6): the outgoing custodian signs the handover line, the incoming one the
# takeover line (each line names its signer, so nobody signs both); done when both have signed.
T = CustodyTransfer.State
TRANSFER_FLOW = StateMachine(
    {
        "sign": Transition({T.OPEN}, None, ARCHIVISTS),
        "cancel": Transition({T.OPEN}, T.CANCELLED, ARCHIVISTS),
    }
)
