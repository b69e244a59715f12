"""Documents issued to the property centre and their sign-off. R-DOC-1, R-DOC-2, R-SS-5."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Signature
from propdesk.orgs.models import Site


class Document(models.Model):
    """A company rule, notice or internal rule of a site (规章制度/文件/物业中心内部制度) with the
    people who must sign it. R-DOC-1, R-DOC-2, R-SS-5.

    Company documents circulate to their sites' managers and are archived once every required
    signer has signed (R-DOC-1). An internal rule is discussed at a meeting (an agenda item),
    signed off by the managers present and only then issued (R-DOC-2); it is reviewed yearly
    (R-SS-5). A new revision supersedes the old one, which stays readable, marked superseded.
    """

    class Kind(models.TextChoices):
        COMPANY_RULE = "company_rule", _("Company rule")
        NOTICE = "notice", _("Notice")
        INTERNAL_RULE = "internal_rule", _("Internal rule of a site")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATING = "circulating", _("Awaiting signatures")
        ARCHIVED = "archived", _("Signed by all and archived")
        SIGNING = "signing", _("Awaiting sign-off")
        ISSUED = "issued", _("Issued")
        SUPERSEDED = "superseded", _("Superseded")

    number = models.CharField(_("number"), max_length=24, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    ref_number = models.CharField(_("reference number"), max_length=60, blank=True)
    issuing_body = models.CharField(_("issued by"), max_length=100)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("The site an internal rule belongs to."),
    )
    sites = models.ManyToManyField(
        Site, through="DocumentSite", related_name="+", verbose_name=_("sites")
    )
    signer_roles = models.JSONField(_("roles that sign"), default=list, blank=True)
    extra_signers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("also to sign")
    )
    remind_after_days = models.PositiveSmallIntegerField(_("remind after (days)"), default=3)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    lineage = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # The meeting agenda item where an internal rule was discussed (R-DOC-2).
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    # The approved version of the sign-off sheet in use when it was issued (R-FM-7).
    template_version = models.CharField(_("template version"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "kind", "created_at"]),
            models.Index(fields=["kind", "state", "review_due"]),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_rule(self) -> bool:
        return self.kind == self.Kind.INTERNAL_RULE


class DocumentSite(models.Model):
    """A site a document is issued to (scoping: a document is seen at each of its sites)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="site_links")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "site"], name="uniq_document_site")
        ]
        indexes = [models.Index(fields=["site", "document"])]
        verbose_name = _("document site")
        verbose_name_plural = _("document sites")

    def __str__(self) -> str:
        return f"{self.document_id}@{self.site_id}"


class DocumentSigner(models.Model):
    """One person who must sign a document (签阅/会签), resolved from roles when it is issued:
    when they opened it, their signature (the shared signature line), the reminder. R-DOC-1."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("signs as"), max_length=32, blank=True)
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["document", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="uniq_document_signer")
        ]
        indexes = [models.Index(fields=["user", "document"]), models.Index(fields=["remind_at"])]
        verbose_name = _("required signer")
        verbose_name_plural = _("required signers")

    def __str__(self) -> str:
        return f"{self.document_id}:{self.user_id}"
