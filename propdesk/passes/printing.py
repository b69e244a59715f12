"""Prints: the worker's pass as a card (ID-1, 85.6 × 54 mm) and the goods release slip, each with
the company logo and a QR code of the signed gate code; the registers with a cover page.
R-FD-2, R-FD-3, R-FM-2, R-FM-4, R-FS-9."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from propdesk.core import printing as p
from propdesk.core.masking import mask_id_number
from propdesk.records.selectors import template_version_for

from . import selectors, tokens
from .services.signatures import DESK_STAMP, GUARD, slip_lines

CARD_W, CARD_H = 85.6 * mm, 54 * mm


def _photo_reader(worker_pass) -> ImageReader | None:
    if worker_pass.photo is None:
        return None
    try:
        with worker_pass.photo.file.open("rb") as fh:
            return ImageReader(io.BytesIO(fh.read()))
    except (OSError, ValueError):
        return None


def _card_text(c, x, y, rows, size=6.5):
    c.setFont(p.FONT, size)
    for i, line in enumerate(rows):
        c.drawString(x, y - i * (size + 2.2), line[:40])


def pass_card_pdf(worker_pass) -> io.BytesIO:
    """The pass card: logo and company, photo, name, company, trade, unit, validity, QR and code."""
    p._font()
    r, company = worker_pass.renovation, worker_pass.site.company
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(CARD_W, CARD_H))
    c.setTitle(_("Renovation worker pass") + " " + worker_pass.number)
    logo, x = p._logo_reader(company), 3 * mm
    if logo is not None:
        w, h = logo.getSize()
        c.drawImage(
            logo, x, CARD_H - 9 * mm, min(18 * mm, 6 * mm * w / max(h, 1)), 6 * mm, mask="auto"
        )
        x += 19 * mm
    c.setFont(p.FONT, 7)
    c.drawString(x, CARD_H - 5 * mm, company.name[:30])
    c.setFont(p.FONT, 9)
    c.drawString(x, CARD_H - 9 * mm, _("Renovation worker pass"))
    photo = _photo_reader(worker_pass)
    if photo is not None:
        c.drawImage(photo, 3 * mm, 12 * mm, 20 * mm, 26 * mm, preserveAspectRatio=True, mask="auto")
    fields = [
        (_("Name"), worker_pass.name),
        (_("Company"), worker_pass.company),
        (_("Trade"), worker_pass.trade),
        (_("Unit"), r.unit.code),
        (_("ID number"), mask_id_number(worker_pass.id_number)),
        (_("Valid"), f"{worker_pass.valid_from} — {worker_pass.valid_until}"),
        (_("Working hours"), r.hours_text),
    ]
    rows = [f"{label}：{value}" for label, value in fields]
    _card_text(c, 25 * mm, 36 * mm, rows)
    payload = tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id)
    qr = p.QRCode(payload, size=22 * mm)
    qr.canv = c
    c.saveState()
    c.translate(CARD_W - 25 * mm, 13 * mm)
    qr.draw()
    c.restoreState()
    code = tokens.typed_code(number=worker_pass.number, site_id=worker_pass.site_id)
    c.setFont(p.FONT, 7)
    numbers = {"number": worker_pass.number, "code": code}
    c.drawString(3 * mm, 6 * mm, _("Pass number: %(number)s   Gate code: %(code)s") % numbers)
    c.setFont(p.FONT, 5)
    label = template_version_for("worker_pass", at=worker_pass.issued_at)
    version = _("Template version %(version)s") % {"version": label}
    c.drawString(3 * mm, 2.5 * mm, f"{worker_pass.site.name}   {version}")
    c.showPage()
    c.save()
    buffer.seek(0)
    return buffer


def _consent_text(g) -> str:
    parts = [g.get_consent_method_display(), str(g.consent_owner or "")]
    if g.consent_phone:
        parts.append(
            _("number called %(phone)s")
            % {"phone": g.consent_phone[:3] + "****" + g.consent_phone[-4:]}
        )
    if g.consent_confirmed_by_id:
        parts.append(_("confirmed by %(name)s") % {"name": g.consent_confirmed_by})
    return "，".join(x for x in parts if x)


def release_slip_pdf(g) -> io.BytesIO:
    """The goods release slip: unit, applicant, goods, consent, the desk's stamp, QR and gate lines."""
    form = _("Goods release slip")
    doc = p.PrintDocument(
        company=g.site.company,
        form_name=form,
        record_number=g.number,
        template_version=template_version_for("goods_release", at=g.created_at),
    )
    code = tokens.typed_code(number=g.number, site_id=g.site_id)
    story = [
        p.title(form),
        p.field_table(
            [
                (_("Slip number"), g.number),
                (_("Unit"), g.unit.code),
                (_("Type"), g.get_release_type_display()),
                (
                    _("Date"),
                    g.pass_date
                    if g.pass_date == g.valid_until
                    else f"{g.pass_date} — {g.valid_until}",
                ),
                (_("Applicant"), f"{g.applicant_name}（{g.get_applicant_relation_display()}）"),
                (_("Vehicle plate"), g.vehicle_plate or "—"),
                (_("Owner consent"), _consent_text(g)),
                (_("Approved by"), f"{g.approved_by or ''} {p.text_of(g.approved_at)}"),
            ]
        ),
        p.para(_("Goods"), "heading"),
        p.data_table(
            [_("No."), _("Item"), _("Quantity"), _("Unit of count")],
            [(i + 1, it.name, it.quantity, it.unit) for i, it in enumerate(g.items.all())],
            widths=[0.1, 0.5, 0.2, 0.2],
        ),
        p.Spacer(1, 4 * mm),
        p.QRCode(tokens.qr_payload(number=g.number, site_id=g.site_id), size=30 * mm),
        p.para(_("Gate code: %(code)s") % {"code": code}),
        p.para(_("Valid once, on the date above only."), "small"),
        p.signature_lines(slip_signature_entries(g)),
    ]
    return doc.build(story)


def slip_signature_entries(g) -> list[tuple]:
    """The slip's signature block: the applicant signs the paper (a blank line), then the shared
    signature slots of the desk's stamp and the guard (services/signatures.py); a slip approved
    before the slots existed prints its approver and guard from the record."""
    lines = slip_lines(g)

    def line(slot, label, who, when):
        sig = lines.get(slot)
        if sig is not None:
            return (label, str(sig.signer or ""), sig.signed_at)
        return (label, str(who or ""), when)

    return [
        (_("Applicant's signature"), "", None),
        line(DESK_STAMP, _("Desk stamp"), g.approved_by, g.approved_at),
        line(GUARD, _("Guard"), g.gate_checked_by, g.gate_checked_at),
    ]


def _register(site, form, headers, rows, widths, *, code, date_from=None, date_to=None):
    """A register print; `code` is the form template whose approved version it carries (R-FM-7)."""
    doc = p.PrintDocument(
        company=site.company, form_name=form, template_version=template_version_for(code)
    )
    story = p.cover_page(
        form_name=form,
        department=_("Customer service"),
        site=site.name,
        date_from=date_from or timezone.localdate(),
        date_to=date_to,
    )
    story += [p.title(form), p.data_table(headers, rows, widths=widths)]
    if not rows:
        story.append(p.para(_("No records.")))
    return doc.build(story)


MAX_PRINT_ROWS = 2000


def renovation_register_pdf(user, *, site, state=""):
    qs = selectors.renovation_list_for_user(user, site_id=site.pk, state=state)[:MAX_PRINT_ROWS]
    rows = [
        (
            r.number,
            r.unit.code,
            r.company,
            r.lead_name,
            f"{r.start_date} — {r.end_date}",
            r.deposit,
            r.get_state_display(),
        )
        for r in qs
    ]
    headers = [
        _("Number"),
        _("Unit"),
        _("Renovation company"),
        _("Site lead"),
        _("Period"),
        _("Deposit"),
        _("State"),
    ]
    return _register(
        site,
        _("Renovation register"),
        headers,
        rows,
        [0.16, 0.14, 0.2, 0.1, 0.18, 0.08, 0.14],
        code="renovation_register",
    )


def pass_register_pdf(user, *, site, status="valid"):
    qs = selectors.pass_list_for_user(user, site_id=site.pk, status=status)[:MAX_PRINT_ROWS]
    rows = [
        (
            x.number,
            x.name,
            mask_id_number(x.id_number),
            x.company,
            x.trade,
            x.renovation.unit.code,
            f"{x.valid_from} — {x.valid_until}",
            x.get_state_display(),
            x.get_deposit_state_display(),
        )
        for x in qs
    ]
    headers = [
        _("Pass number"),
        _("Name"),
        _("ID number"),
        _("Company"),
        _("Trade"),
        _("Unit"),
        _("Valid"),
        _("State"),
        _("Deposit"),
    ]
    return _register(
        site,
        _("Worker pass register"),
        headers,
        rows,
        [0.13, 0.08, 0.14, 0.14, 0.08, 0.12, 0.15, 0.08, 0.08],
        code="worker_pass",
    )


def release_register_pdf(user, *, site, day):
    qs = selectors.release_list_for_user(user, site_id=site.pk, day=day).prefetch_related("items")[
        :MAX_PRINT_ROWS
    ]
    rows = [
        (
            g.number,
            g.unit.code,
            g.get_release_type_display(),
            g.applicant_name,
            "、".join(f"{i.name}×{i.quantity}" for i in g.items.all()),
            g.get_consent_method_display(),
            g.get_state_display(),
            p.text_of(g.gate_checked_at),
        )
        for g in qs
    ]
    headers = [
        _("Slip number"),
        _("Unit"),
        _("Type"),
        _("Applicant"),
        _("Goods"),
        _("Owner consent"),
        _("State"),
        _("Checked at the gate at"),
    ]
    return _register(
        site,
        _("Goods release register"),
        headers,
        rows,
        [0.13, 0.12, 0.1, 0.08, 0.24, 0.11, 0.1, 0.12],
        code="goods_release",
        date_from=day,
        date_to=day,
    )
