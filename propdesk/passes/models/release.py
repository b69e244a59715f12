"""Goods release slips (物品放行条): only with the owner's recorded consent, used once. R-FD-3."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Attachment
from propdesk.orgs.models import Site, Unit
from propdesk.people.models import Resident


class GoodsRelease(models.Model):
    """A goods release slip (物品放行条). R-FD-3.

    awaiting_consent → consented (owner at the desk, signed authorisation, owner in the portal) or
    → consent_check (phone verification) → consented (a second desk person confirms) → approved
    (the desk's stamp) → released (the gate lets it out, once) | gate_refused; declined by the
    owner; cancelled. Approval is impossible without a recorded owner consent.
    """

    class State(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("Awaiting the owner's consent")
        CONSENT_CHECK = "consent_check", _("Phone consent awaiting a second check")
        CONSENTED = "consented", _("Owner consented, awaiting approval")
        APPROVED = "approved", _("Approved, not yet used")
        RELEASED = "released", _("Let out at the gate")
        GATE_REFUSED = "gate_refused", _("Refused at the gate")
        DECLINED = "declined", _("Declined by the owner")
        CANCELLED = "cancelled", _("Cancelled")

    class Type(models.TextChoices):
        MOVE_OUT = "move_out", _("Moving out")
        TENANT_MOVE_OUT = "tenant_move_out", _("Tenant moving out")
        RENOVATION_TOOLS = "renovation_tools", _("Renovation tools and materials")
        OFFICE = "office", _("Office goods")
        OTHER = "other", _("Other")

    class Relation(models.TextChoices):
        OWNER = "owner", _("Owner")
        FAMILY = "family", _("Family member")
        TENANT = "tenant", _("Tenant")
        AGENCY = "agency", _("Agency")
        CONTRACTOR = "contractor", _("Renovation contractor")
        SHOP_STAFF = "shop_staff", _("Shop or office staff")

    class Consent(models.TextChoices):
        OWNER_PRESENT = "owner_present", _("Owner present at the desk")
        SIGNED = "signed_authorisation", _("Signed authorisation")
        PHONE = "phone_verified", _("Phone verification")
        PORTAL = "portal", _("Owner confirmed in the resident portal")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("slip number"), max_length=32)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.AWAITING_CONSENT
    )
    release_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    applicant_name = models.CharField(_("applicant"), max_length=50)
    applicant_relation = models.CharField(
        _("applicant's relation"), max_length=12, choices=Relation.choices
    )
    applicant_resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applicant_phone = models.CharField(_("applicant's phone"), max_length=20, blank=True)
    applicant_company = models.CharField(_("applicant's company"), max_length=100, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=12, blank=True)
    pass_date = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"))
    consent_method = models.CharField(
        _("owner consent"), max_length=24, choices=Consent.choices, blank=True
    )
    consent_owner = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_phone = models.CharField(_("number called"), max_length=20, blank=True)
    consent_note = models.CharField(_("consent note"), max_length=300, blank=True)
    consent_document = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_confirmed_at = models.DateTimeField(null=True, blank=True)
    arrears_checked = models.BooleanField(_("arrears checked"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    gate_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gate_checked_at = models.DateTimeField(_("checked at the gate at"), null=True, blank=True)
    goods_match = models.BooleanField(_("goods match the slip"), null=True, blank=True)
    goods_difference = models.CharField(_("what differed"), max_length=300, blank=True)
    carrier_id_last4 = models.CharField(_("carrier's ID (last digits)"), max_length=6, blank=True)
    closing_note = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "number"], name="uniq_goodsrelease_site_number"
            ),
            # R-FD-3 in the database too: an approved, used or refused slip has a consent.
            models.CheckConstraint(
                condition=~models.Q(state__in=["approved", "released", "gate_refused"])
                | (~models.Q(consent_method="") & models.Q(consent_owner__isnull=False)),
                name="goodsrelease_approved_has_consent",
            ),
        ]
        indexes = [models.Index(fields=["site", "pass_date", "state"])]
        verbose_name = _("goods release")
        verbose_name_plural = _("goods releases")

    def __str__(self) -> str:
        return self.number


class GoodsReleaseItem(models.Model):
    """One line of a slip's goods: name, quantity and unit (e.g. 沙发 2 张)."""

    release = models.ForeignKey(GoodsRelease, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("item"), max_length=60)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit of count"), max_length=10, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("release item")
        verbose_name_plural = _("release items")

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"
