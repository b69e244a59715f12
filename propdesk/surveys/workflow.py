"""Who runs satisfaction surveys (R-SS-3), and the transition table of a survey.

The CS manager (or the shift lead / supervisor) drafts a survey of a site from the default
questionnaire; the site head — a CS manager or the centre manager of the site, never the author —
approves it; it opens on its first day and closes after its last (the scheduler, or the manager
by hand); the sample is drawn when it opens. Readers: the site's supervisors and managers, the
GM and the auditor everywhere.
"""

from django.utils.translation import gettext_lazy as _

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import Survey

READERS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR})
AUTHORS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})
SITE_HEADS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER})
# Staff who type in paper questionnaires; a phone answer needs a supervisor's consent.
ENTERERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
PHONE_CONSENTERS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})

S = Survey.State
SURVEY_FLOW = StateMachine(
    {
        "edit": Transition({S.DRAFTED}, None, AUTHORS),
        "approve": Transition({S.DRAFTED}, S.APPROVED, SITE_HEADS),
        "return": Transition({S.APPROVED}, S.DRAFTED, SITE_HEADS),
        "open": Transition({S.APPROVED}, S.OPEN, SITE_HEADS),
        "close": Transition({S.OPEN}, S.CLOSED, SITE_HEADS),
    }
)

EVENT_LABELS = {
    "drafted": _("Drafted from the default questionnaire"),
    "edit": _("Questions changed"),
    "approve": _("Approved by the site head"),
    "return": _("Returned to draft"),
    "open": _("Opened; sample drawn"),
    "close": _("Closed"),
    "answered": _("Answer received"),
}
