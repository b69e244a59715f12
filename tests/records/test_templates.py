"""Form templates (R-FM-1, R-FM-2, R-FM-4, R-FM-7): only the approved version is used, by a company
leader's approval, never the author's own; prints carry the version the record was filled in with."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.records import printing, selectors, services
from propdesk.records.models import FormTemplate, TemplateVersion
from propdesk.tickets.prints import handling_form_pdf
from tests.tickets.test_print_render import MARK, _header_has
from tests.tickets.test_print_render import png as png  # noqa: F401 (the fixture)


def _text(buffer) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def _v2(csm, code="handling_form"):
    template = FormTemplate.objects.get(code=code)
    return services.template_version_draft(
        actor=csm, template=template, label="2026.2", change_note="增加回访满意度一栏"
    )


def test_r_fm_1_every_printed_form_has_an_approved_first_version(db):
    """R-FM-1: the forms the product prints start with an approved version (2026.1)."""
    codes = {"handling_form", "contact_register", "duty_log", "mail_log", "meeting_minutes"}
    approved = set(
        TemplateVersion.objects.filter(state="approved").values_list("template__code", flat=True)
    )
    assert codes <= approved


def test_r_fm_1_a_draft_version_is_not_used_until_a_leader_approves_it(csm, gm):
    """R-FM-1, R-FM-7: the draft 2026.2 is not in use; once the GM approves it, it is, and 2026.1 retires."""
    v2 = _v2(csm)
    assert selectors.template_for_use("handling_form") == "2026.1"
    services.template_version_approve(actor=gm, version=v2)
    old = TemplateVersion.objects.get(template__code="handling_form", label="2026.1")
    assert selectors.template_for_use("handling_form") == "2026.2" and old.state == "retired"
    assert v2.effective_from == timezone.localdate() and v2.approved_by == gm


def test_r_fm_1_no_self_approval_and_only_gm_or_centre_manager(csm, pcm_a, gm):
    """R-FM-1: the author never approves their own version; a CS manager never approves."""
    template = FormTemplate.objects.get(code="duty_log")
    v2 = services.template_version_draft(
        actor=pcm_a, template=template, label="2026.2", change_note="改版"
    )
    with pytest.raises(NotAllowed):
        services.template_version_approve(actor=pcm_a, version=v2)
    with pytest.raises(NotAllowed):
        services.template_version_approve(actor=csm, version=v2)
    services.template_version_approve(actor=gm, version=v2)
    assert v2.state == "approved"


def test_r_fm_1_a_retired_form_cannot_be_used(gm):
    """R-FM-1: with its version retired and none approved, the form is refused with a clear message."""
    current = selectors.approved_version("meeting_minutes")
    services.template_version_retire(actor=gm, version=current, reason="改用新会议纪要格式")
    with pytest.raises(Conflict) as err:
        selectors.template_for_use("meeting_minutes")
    assert "没有已批准的版本" in str(err.value.message)
    assert selectors.template_for_use("no_such_form", default="x") == "x"  # no row: safe default


def test_r_fm_7_a_revision_needs_a_change_note_and_a_new_number(csm):
    template = FormTemplate.objects.get(code="mail_log")
    with pytest.raises(InvalidInput):
        services.template_version_draft(
            actor=csm, template=template, label="2026.2", change_note=" "
        )
    with pytest.raises(InvalidInput):
        services.template_version_draft(
            actor=csm, template=template, label="2026.1", change_note="x"
        )


def test_r_fm_7_a_record_keeps_the_version_it_was_filled_in_with(csm, gm, open_ticket):
    """R-FM-7: a ticket registered under 2026.1 still prints 2026.1 after 2026.2 is approved;
    a ticket registered afterwards prints 2026.2 (the prints carry the approved version)."""
    before = open_ticket(kind="repair")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        services.template_version_approve(actor=gm, version=_v2(csm))
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        after = open_ticket(kind="repair")
    old_text = _text(handling_form_pdf(before, url="https://desk.example/1"))
    new_text = _text(handling_form_pdf(after, url="https://desk.example/2"))
    assert "2026.1" in old_text and "2026.2" not in old_text
    assert "2026.2" in new_text


def test_r_fm_4_r_fm_2_register_cover_page_names_form_date_of_use_and_department(site_a, png):
    """R-FM-4, R-FM-2: the cover has the form name, date of use and department; the default logo
    is printed when the company has none."""
    template = FormTemplate.objects.get(code="mail_log")
    buffer = printing.template_cover_pdf(template, site=site_a)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    cover = reader.pages[0].extract_text()
    assert "邮件收发记录表" in cover and "客服部" in cover and "2026-01-01" in cover
    assert site_a.name in cover and "2026.1" in cover
    assert _header_has(png(buffer.getvalue(), "cover")[0], MARK), "the default mark heads the cover"


def test_numbering_schemes_are_listed_per_template(db):
    """R-FM-3: each form names its numbering scheme."""
    assert FormTemplate.objects.get(code="handling_form").numbering.startswith("TS-")
    assert FormTemplate.objects.exclude(numbering="").count() == FormTemplate.objects.count()


def test_r_fm_2_prints_carry_the_company_logo_or_the_default_one(open_ticket, site_a, png):
    """R-FM-2: without a logo in the admin the handling form carries the default mark; once the
    company's logo is set, that image."""
    from django.core.files.base import ContentFile
    from PIL import Image

    def first_page(ticket):
        return handling_form_pdf(ticket, url="https://x/").getvalue()

    ticket = open_ticket(kind="repair")
    pdf = first_page(ticket)
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images
    assert _header_has(png(pdf, "default")[0], MARK)  # the default mark
    buf = io.BytesIO()
    Image.new("RGB", (100, 40), "red").save(buf, format="PNG")
    site_a.company.logo.save("logo.png", ContentFile(buf.getvalue()))
    ticket = ticket.__class__.objects.select_related("site__company").get(pk=ticket.pk)
    images = PdfReader(io.BytesIO(first_page(ticket))).pages[0].images
    assert [img.image.size[0] for img in images] == [100]
