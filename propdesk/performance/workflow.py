"""Who writes, reviews and reads (SECURITY.md §c, "Performance, staff complaints, rewards/penalties"),
and the transition tables of the daily report and of a score's bonus line.

Desk staff (agents and shift leads) write their own daily report; the CS manager of their site
reviews it (R-ST-2). A score and a training assessment are read by the person, their manager chain
(the CS manager and the property-centre manager of the site), the GM and the auditor — never by a
colleague, a shift lead included (R-ST-8). The bonus line a score suggests is confirmed by a
manager of the chain or the GM, never by the person scored (A7).
"""

from django.utils.translation import gettext_lazy as _

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import DailyReport, Score

REPORTERS = frozenset({Role.AGENT, Role.SUPERVISOR})
REVIEWERS = frozenset({Role.CS_MANAGER})
REPORT_READERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR})
# The manager chain of a site's desk staff: they read scores of their sites.
SITE_MANAGERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER})
COMPANY_READERS = frozenset({Role.GM, Role.AUDITOR})
SCORE_CONFIRMERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})
TRAINERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.SUPERVISOR})
# The people scored and trained: the customer service desk.
SCORED = REPORTERS

D = DailyReport.State
REPORT_FLOW = StateMachine({"accept": Transition({D.SUBMITTED}, D.ACCEPTED, REVIEWERS)})

B = Score.BonusState
SCORE_FLOW = StateMachine({"confirm": Transition({B.SUGGESTED}, B.CONFIRMED, SCORE_CONFIRMERS)})

EVENT_LABELS = {
    "submitted": _("Daily report submitted"),
    "accept": _("Accepted"),
    "computed": _("Score computed"),
    "confirm": _("Bonus line confirmed"),
}
