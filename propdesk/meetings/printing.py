"""The minutes (会议纪要) as a PDF: company logo, number and the version of the minutes form they
were filled in with (R-FM-2, R-FM-7); attendance, agenda, minutes, decisions, actions and the
chair's signature. R-MT-1."""

from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import printing as p
from propdesk.core.signatures import signature_list_for
from propdesk.records.printing import branding, form_title

from . import selectors
from .models import Meeting


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")


def minutes_pdf(meeting: Meeting):
    name = form_title("meeting_minutes", _("Meeting minutes"))
    doc = p.PrintDocument(
        company=branding(meeting.site.company),
        form_name=name,
        record_number=meeting.number,
        template_version=meeting.minutes_template_version,
    )
    present = [a for a in selectors.attendance_for(meeting) if a.status == a.Status.PRESENT]
    absent = [a for a in selectors.attendance_for(meeting) if a.status == a.Status.ABSENT]
    rows = [
        (_("Meeting"), meeting.series.title),
        (_("Site"), meeting.site.name),
        (_("Starts at"), _when(meeting)),
        (_("Location"), meeting.location),
        (_("Chair"), meeting.chair),
        (_("Minute-taker"), meeting.minute_taker),
        (_("Present"), "、".join(str(a.user) for a in present)),
        (
            _("Absent"),
            "、".join(f"{a.user}（{a.note}）" if a.note else str(a.user) for a in absent),
        ),
    ]
    agenda = [(i.position, i.get_kind_display(), i.title) for i in selectors.agenda_for(meeting)]
    overdue = [
        (c["problem"], c["department"], c["owner"], c["due_date"])
        for c in selectors.overdue_corrective_actions(None, meeting)
    ]
    decisions = [(n, d.text) for n, d in enumerate(meeting.decisions.all(), start=1)]
    actions = [
        (a.title, a.owner, a.due_on, a.get_state_display())
        for a in selectors.actions_raised_at(meeting)
    ]
    chair = next((s for s in signature_list_for(meeting) if s.slot == "chair"), None)
    story = [
        p.title(name),
        p.field_table(rows),
        p.data_table(
            [_("No."), _("Kind"), _("Agenda item")],
            agenda or [("", "", "—")],
            widths=[0.08, 0.22, 0.7],
        ),
    ]
    if overdue:  # R-CP-5: the site's corrective actions overdue at the meeting
        story += [
            p.para(_("Overdue corrective actions"), "heading"),
            p.data_table(
                [_("Problem"), _("Department"), _("Person responsible"), _("Due date")],
                overdue,
                widths=[0.5, 0.16, 0.16, 0.18],
            ),
        ]
    story += [
        p.field_table([(_("Minutes"), meeting.minutes)], columns=1),
        p.data_table([_("No."), _("Decision")], decisions or [("", "—")], widths=[0.08, 0.92]),
        p.data_table(
            [_("Action"), _("Person responsible"), _("Due date"), _("State")],
            actions or [("—", "", "", "")],
            widths=[0.5, 0.16, 0.16, 0.18],
        ),
        p.signature_lines(
            [
                (_("Minute-taker"), meeting.minute_taker, meeting.submitted_at),
                (
                    _("Chair"),
                    chair.signer if chair and chair.signer else "",
                    chair.signed_at if chair else None,
                ),
            ]
        ),
    ]
    return doc.build(story)
