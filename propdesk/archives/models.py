"""Archive records (档案): a configurable class tree, one numbered record per file, its location,
media, secrecy, retention and custodian. R-AR-1, R-AR-2."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Site, Unit


class ArchiveClass(models.Model):
    """A class of the archive (业主档案, 装修档案, 合同 …), configured in the admin; a class may
    sit under another. Its code names the numbering scheme: 业主档案 YZ → DA-YZ-2026-000001."""

    code = models.SlugField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("kept for (years)"), default=0, help_text=_("0: kept permanently.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("archive class")
        verbose_name_plural = _("archive classes")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the page's language (the official name is the Chinese one)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def scheme(self) -> str:
        return f"DA-{self.code.upper()}"


class ArchiveRecord(models.Model):
    """One archive record (案卷): number, class, title, where it belongs and where it is kept."""

    class Media(models.TextChoices):
        PAPER = "paper", _("Paper")
        PHOTO = "photo", _("Photo")
        FILM = "film", _("Film")
        TAPE = "tape", _("Tape")
        DISK = "disk", _("Disk")
        ELECTRONIC = "electronic", _("Electronic")

    class Secrecy(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")
        CONFIDENTIAL = "confidential", _("Confidential")

    class State(models.TextChoices):
        FILED = "filed", _("Filed")
        DESTROYED = "destroyed", _("Destroyed")

    number = models.CharField(_("number"), max_length=24, unique=True)
    archive_class = models.ForeignKey(
        ArchiveClass, on_delete=models.PROTECT, related_name="+", verbose_name=_("class")
    )
    year = models.PositiveSmallIntegerField(_("year filed"))
    title = models.CharField(_("title"), max_length=200)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    media = models.CharField(_("media"), max_length=12, choices=Media.choices, default=Media.PAPER)
    room = models.CharField(_("room"), max_length=40, blank=True)
    cabinet = models.CharField(_("cabinet"), max_length=40, blank=True)
    shelf = models.CharField(_("shelf"), max_length=40, blank=True)
    box = models.CharField(_("box"), max_length=40, blank=True)
    quantity = models.PositiveIntegerField(_("quantity (pieces)"), default=1)
    secrecy = models.CharField(
        _("secrecy"), max_length=12, choices=Secrecy.choices, default=Secrecy.INTERNAL
    )
    retention_years = models.PositiveSmallIntegerField(_("kept for (years)"), default=0)
    retention_end = models.DateField(_("retention ends"), null=True, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("custodian"),
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.FILED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["site", "created_at"]),
            # the archivist's ledger of every site, newest first (the ordering): read from the
            # index's end, not by sorting the company's records (75 ms at 100,000 records)
            models.Index(fields=["created_at", "id"], name="archive_record_recent"),
            models.Index(fields=["archive_class", "year"]),
            models.Index(fields=["retention_end"]),
        ]
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def location(self) -> str:
        return " / ".join(x for x in (self.room, self.cabinet, self.shelf, self.box) if x)


class ArchiveLoan(models.Model):
    """A borrowing request (档案借阅登记) and its life: approvals, lending, return. R-AR-5.

    Approvals are steps: the borrower's head (always), the centre manager (a confidential record),
    the GM (an outside body). The request is approved when every step it needs is signed.
    """

    class Mode(models.TextChoices):
        READ = "read", _("Read on site")
        BORROW = "borrow", _("Borrow")
        COPY = "copy", _("Copy")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved, not yet handed over")
        LENT = "lent", _("Lent")
        RETURNED = "returned", pgettext_lazy("archive loan", "Returned")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Withdrawn")

    number = models.CharField(_("number"), max_length=24, unique=True)
    record = models.ForeignKey(
        ArchiveRecord,
        on_delete=models.PROTECT,
        related_name="loans",
        verbose_name=_("archive record"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("borrower"),
    )
    outside_body = models.CharField(
        _("for an outside body"),
        max_length=100,
        blank=True,
        help_text=_("Lending to an outside body needs the GM's approval."),
    )
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    mode = models.CharField(_("kind of use"), max_length=8, choices=Mode.choices)
    purpose = models.CharField(_("purpose"), max_length=500)
    due_date = models.DateField(_("due back"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REQUESTED
    )
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_approved_at = models.DateTimeField(_("approved by the head at"), null=True, blank=True)
    centre_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    centre_approved_at = models.DateTimeField(
        _("approved by the centre manager at"), null=True, blank=True
    )
    gm_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gm_approved_at = models.DateTimeField(_("approved by the GM at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lent_at = models.DateTimeField(_("lent at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_intact = models.BooleanField(_("returned intact"), null=True, blank=True)
    damage_note = models.CharField(_("damage"), max_length=500, blank=True)
    reminded_on = models.DateField(_("last overdue reminder"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["site", "state", "created_at"]),
            models.Index(fields=["borrower", "state"]),
            models.Index(fields=["state", "due_date"]),
        ]
        verbose_name = _("archive loan")
        verbose_name_plural = _("archive loans")

    def __str__(self) -> str:
        return self.number

    @property
    def needs_centre(self) -> bool:
        return self.record.secrecy == ArchiveRecord.Secrecy.CONFIDENTIAL

    @property
    def needs_gm(self) -> bool:
        return bool(self.outside_body)

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.LENT and self.due_date < timezone.localdate()


class ArchiveLoanRenewal(models.Model):
    """The borrower asks to keep a lent record longer (续借): a new due date, approved by the same
    steps as the loan (the borrower's head; the centre manager for a confidential record; the GM
    for an outside body). Once every step is signed, the loan's due date becomes the new one."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Renewed")
        REFUSED = "refused", _("Refused")

    loan = models.ForeignKey(
        ArchiveLoan, on_delete=models.PROTECT, related_name="renewals", verbose_name=_("loan")
    )
    old_due_date = models.DateField(_("was due back"))
    new_due_date = models.DateField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REQUESTED
    )
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_approved_at = models.DateTimeField(null=True, blank=True)
    centre_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    centre_approved_at = models.DateTimeField(null=True, blank=True)
    gm_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gm_approved_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan"],
                condition=models.Q(state="requested"),
                name="uniq_archive_renewal_pending",
            )
        ]
        verbose_name = _("loan renewal")
        verbose_name_plural = _("loan renewals")

    def __str__(self) -> str:
        return f"{self.loan.number} → {self.new_due_date}"

    # The approval steps read these exactly as they read a loan's.
    @property
    def borrower_id(self) -> int:
        return self.loan.borrower_id

    @property
    def borrower(self):
        return self.loan.borrower

    @property
    def site_id(self) -> int:
        return self.loan.site_id

    @property
    def needs_centre(self) -> bool:
        return self.loan.needs_centre

    @property
    def needs_gm(self) -> bool:
        return self.loan.needs_gm

    @property
    def missing(self) -> list[str]:
        """The approval steps not yet signed (head, centre, gm)."""
        steps = [] if self.head_approved_at else ["head"]
        if self.needs_centre and not self.centre_approved_at:
            steps.append("centre")
        if self.needs_gm and not self.gm_approved_at:
            steps.append("gm")
        return steps


class ArchiveIntake(models.Model):
    """Material waiting to be filed (待归档): offered by another module (a closed complaint file,
    a signed document, minutes …) or entered by hand; the archivist files it into a numbered
    record, or declines it with a reason. R-AR-3."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be filed")
        FILED = "filed", _("Filed")
        DECLINED = "declined", _("Not for the archive")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    title = models.CharField(_("title"), max_length=200)
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField(_("comes from"), max_length=120, blank=True)
    suggested_class = models.ForeignKey(
        ArchiveClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("suggested class"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # A record offered at the end of its retention in another app (R-FM-8): the day it was
    # completed and the years it was to be kept; filing it gives the archive record that period.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    kept_years = models.PositiveSmallIntegerField(_("kept for (years)"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    record = models.ForeignKey(
        ArchiveRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intakes",
        verbose_name=_("filed as"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("filed or declined at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="uniq_archive_intake_source",
            )
        ]
        indexes = [models.Index(fields=["state", "site", "received_at"])]
        verbose_name = _("material to file")
        verbose_name_plural = _("material to file")

    def __str__(self) -> str:
        return self.title

    @property
    def waiting_days(self) -> int:
        end = self.decided_at or timezone.now()
        return (end - self.received_at).days


class InspectionRound(models.Model):
    """The quarterly full inspection of one site's archive (每季度全面检查): opened once per
    quarter by the scheduler with a line for every filed record; closed by the archivist with its
    counts, countersigned by a CS manager of the site. R-AR-4."""

    class State(models.TextChoices):
        OPEN = "open", _("In progress")
        CLOSED = "closed", _("Closed, awaiting the CS manager")
        COUNTERSIGNED = "countersigned", _("Countersigned")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    found = models.PositiveIntegerField(_("found"), default=0)
    damaged = models.PositiveIntegerField(_("damaged"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    bad_files = models.PositiveIntegerField(_("files failing their checksum"), default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-year", "-quarter", "site"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "quarter"], name="uniq_inspection_site_quarter"
            )
        ]
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"


class InspectionLine(models.Model):
    """One record of a round: found / damaged (with the repair needed) / missing, and whether its
    electronic files still match their checksums."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Not yet checked")
        FOUND = "found", _("Found, in order")
        DAMAGED = "damaged", _("Damaged")
        MISSING = "missing", _("Missing")

    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="lines")
    record = models.ForeignKey(ArchiveRecord, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(
        _("result"), max_length=8, choices=Result.choices, default=Result.PENDING
    )
    files_ok = models.BooleanField(_("files match their checksums"), null=True, blank=True)
    note = models.CharField(_("note (the repair needed)"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "record"], name="uniq_inspection_line")
        ]
        verbose_name = _("inspection line")
        verbose_name_plural = _("inspection lines")

    def __str__(self) -> str:
        return f"{self.round_id}:{self.record_id}"


class DestructionBatch(models.Model):
    """A destruction (销毁) of records past their retention: proposed by the archivist, approved by
    a CS manager and the centre manager (two different people, neither the proposer), executed
    with its method and witnesses. The batch is kept forever; the destroyed records keep their
    number and metadata, marked destroyed, and their files are deleted. R-AR-4, R-FM-8."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting approval")
        APPROVED = "approved", _("Approved, not yet destroyed")
        DESTROYED = "destroyed", _("Destroyed")
        REFUSED = "refused", _("Refused")

    number = models.CharField(_("number"), max_length=24, unique=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    csm_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    csm_approved_at = models.DateTimeField(null=True, blank=True)
    pcm_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pcm_approved_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(_("method"), max_length=200, blank=True)
    witnesses = models.CharField(_("witnesses"), max_length=200, blank=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    records = models.ManyToManyField(ArchiveRecord, related_name="destructions", blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("destruction batch")
        verbose_name_plural = _("destruction batches")

    def __str__(self) -> str:
        return self.number


class ChecklistItem(models.Model):
    """A piece a record of its class must hold to be complete (R-AR-1): an owner file needs the
    purchase contract, a copy of the ID and the handover form. Configuration, in the admin; an item
    taken out of use no longer counts against any record."""

    archive_class = models.ForeignKey(
        ArchiveClass,
        on_delete=models.PROTECT,
        related_name="checklist",
        verbose_name=_("class"),
    )
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["archive_class", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["archive_class", "name"], name="archive_checklist_uniq")
        ]
        verbose_name = _("required item")
        verbose_name_plural = _("required items")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class ChecklistTick(models.Model):
    """One required item the archivist has found in a record (R-AR-1)."""

    record = models.ForeignKey(
        ArchiveRecord, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("record")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "item"], name="archive_tick_uniq")]
        verbose_name = _("item present")
        verbose_name_plural = _("items present")

    def __str__(self) -> str:
        return f"{self.record_id}: {self.item_id}"


class CustodyTransfer(models.Model):
    """A transfer list (档案移交清单, R-AR-6): the outgoing custodian hands a set of records to
    another archivist; both sign (the shared signature lines `handover` and `takeover`), and the
    records' custodian changes only when both have signed."""

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting signatures")
        DONE = "done", _("Custody handed over")
        CANCELLED = "cancelled", _("Withdrawn")

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taken over by"),
    )
    records = models.ManyToManyField(ArchiveRecord, related_name="+", verbose_name=_("records"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("custody transfer")
        verbose_name_plural = _("custody transfers")

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user} ({self.created_at:%Y-%m-%d})"
