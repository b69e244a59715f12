"""Which document actions a user may take now: the buttons and the API's `actions` list follow the
same checks as the services (show only what will succeed)."""

from propdesk.meetings.models import Meeting

from . import selectors
from .models import Document
from .permissions import may_manage, require_sites
from .workflow import COMPANY_ACTIONS, DOCUMENT_FLOW, RULE_ACTIONS

HELD = {Meeting.State.HELD, Meeting.State.SUBMITTED, Meeting.State.SIGNED}


def _in_sites(user, doc: Document) -> bool:
    try:
        require_sites(user, selectors.document_site_ids(doc))
    except Exception:  # NotFound: a manager of only some of the document's sites
        return False
    return True


def _conditions(doc: Document, me) -> dict:
    """Checks beyond the transition table, each run only when its action is in question."""
    return {
        "issue": lambda: (
            selectors.staff_for_roles(selectors.document_site_ids(doc), doc.signer_roles).exists()
            or doc.extra_signers.exists()
        ),
        "sign": lambda: me is not None and me.signature.signed_at is None,
        "revise": lambda: selectors.newer_revision(doc) is None,
        "link_meeting": lambda: doc.agenda_item_id is None,
        "submit": lambda: doc.agenda_item_id is not None and doc.agenda_item.meeting.state in HELD,
        "publish": lambda: (
            doc.signers.exists() and not selectors.signers_of(doc, unsigned=True).exists()
        ),
    }


def document_actions(user, doc: Document, me=None) -> list[str]:
    """Action codes for the page's buttons; `me` is the user's signer row, if any."""
    allowed = DOCUMENT_FLOW.allowed_actions(state=doc.state, user=user)
    kinds = RULE_ACTIONS if doc.is_rule else COMPANY_ACTIONS
    allowed = [a for a in allowed if a in kinds]
    if not allowed:
        return []
    conditions = _conditions(doc, me)
    out = [a for a in allowed if a not in conditions or conditions[a]()]
    if any(a != "sign" for a in out) and not (_in_sites(user, doc) and may_manage(user, doc)):
        out = [a for a in out if a == "sign"]
    if "edit" in out:
        out.append("attach")
    return out
