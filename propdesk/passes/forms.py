"""Input shapes of the passes pages; the services make every business check."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm

from .models import GateScan, GoodsRelease, Renovation, RenovationInspection, WorkerPass

DATE = forms.DateInput(attrs={"type": "date"})
ITEM_ROWS = 8


class RenovationForm(StyledForm):
    unit_code = forms.CharField(label=_("Unit"), max_length=50)
    owner = forms.IntegerField(label=_("Owner"), widget=forms.Select)
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=Renovation.Applicant.choices)
    owner_authorised = forms.BooleanField(
        label=_("The owner's written authorisation was shown"), required=False
    )
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=50)
    applicant_phone = forms.CharField(label=_("Applicant's phone"), max_length=20)
    company = forms.CharField(label=_("Renovation company"), max_length=100)
    lead_name = forms.CharField(label=_("Site lead"), max_length=50)
    lead_phone = forms.CharField(label=_("Site lead's phone"), max_length=20)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    deposit = forms.DecimalField(
        label=_("Renovation deposit (yuan)"), min_value=0, max_digits=10, decimal_places=2
    )
    refund_account_name = forms.CharField(
        label=_("Refund account holder"), max_length=50, required=False
    )
    refund_bank = forms.CharField(label=_("Refund bank"), max_length=60, required=False)
    refund_account_no = forms.CharField(
        label=_("Refund account number"), max_length=40, required=False
    )
    scope = forms.CharField(
        label=_("Scope of works"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnitPickForm(StyledForm):
    unit_code = forms.CharField(label=_("Unit"), max_length=50)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note or reason"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtendForm(NoteForm):
    end_date = forms.DateField(label=_("New end date"), widget=DATE)


class RefundForm(NoteForm):
    deducted_amount = forms.DecimalField(
        label=_("Deduction (yuan)"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )


class InspectionForm(StyledForm):
    day = forms.DateField(label=_("Date"), widget=DATE)
    inspector = forms.CharField(label=_("Inspector"), max_length=50)
    result = forms.ChoiceField(label=_("Result"), choices=RenovationInspection.Result.choices)
    notes = forms.CharField(label=_("What was found"), max_length=500, required=False)
    photo = forms.FileField(label=_("Photo"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PassForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *WorkerPass.Gender.choices], required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=20)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    company = forms.CharField(label=_("Company"), max_length=100)
    trade = forms.CharField(label=_("Trade"), max_length=30)
    photo = forms.FileField(label=_("Photo"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    fee = forms.DecimalField(
        label=_("Fee (yuan)"), min_value=0, max_digits=8, decimal_places=2, required=False
    )
    deposit = forms.DecimalField(
        label=_("Deposit (yuan)"), min_value=0, max_digits=8, decimal_places=2, required=False
    )
    receipt_no = forms.CharField(label=_("Receipt number"), max_length=30, required=False)


class PassExtendForm(StyledForm):
    valid_until = forms.DateField(label=_("New last day"), widget=DATE)
    fee = forms.DecimalField(
        label=_("Extension fee (yuan)"), min_value=0, max_digits=8, decimal_places=2, required=False
    )
    receipt_no = forms.CharField(label=_("Receipt number"), max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RevokeForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=WorkerPass.RevokeReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CorrectionForm(StyledForm):
    """R-FM-6: the desk corrects one field of a renovation or a pass, with the reason."""

    field = forms.ChoiceField(label=_("Field"))
    new_value = forms.CharField(label=_("New value"), max_length=2000)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, model, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (f, capfirst(model._meta.get_field(f).verbose_name)) for f in fields
        ]


class ReleaseForm(StyledForm):
    unit_code = forms.CharField(label=_("Unit"), max_length=50)
    release_type = forms.ChoiceField(label=_("Type"), choices=GoodsRelease.Type.choices)
    applicant_name = forms.CharField(label=_("Applicant"), max_length=50)
    applicant_relation = forms.ChoiceField(
        label=_("Applicant's relation"), choices=GoodsRelease.Relation.choices
    )
    applicant_resident = forms.IntegerField(
        label=_("Applicant in the directory"), required=False, widget=forms.Select
    )
    applicant_phone = forms.CharField(label=_("Applicant's phone"), max_length=20, required=False)
    applicant_company = forms.CharField(
        label=_("Applicant's company"), max_length=100, required=False
    )
    vehicle_plate = forms.CharField(label=_("Vehicle plate"), max_length=12, required=False)
    pass_date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(ITEM_ROWS):
            self.fields[f"item_{i}_name"] = forms.CharField(
                max_length=60, required=False, label=_("Item")
            )
            self.fields[f"item_{i}_qty"] = forms.IntegerField(
                min_value=1, max_value=9999, required=False, label=_("Quantity")
            )
            self.fields[f"item_{i}_unit"] = forms.CharField(
                max_length=10, required=False, label=_("Unit of count")
            )
            for suffix in ("name", "qty", "unit"):
                self.fields[f"item_{i}_{suffix}"].widget.attrs["class"] = (
                    "form-control form-control-sm"
                )

    def items(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {
                "name": d[f"item_{i}_name"],
                "quantity": d[f"item_{i}_qty"],
                "unit": d[f"item_{i}_unit"],
            }
            for i in range(ITEM_ROWS)
        ]

    def item_rows(self):
        return [
            (self[f"item_{i}_name"], self[f"item_{i}_qty"], self[f"item_{i}_unit"])
            for i in range(ITEM_ROWS)
        ]


class ConsentForm(StyledForm):
    method = forms.ChoiceField(
        label=_("How the owner consented"),
        choices=[
            (GoodsRelease.Consent.OWNER_PRESENT, GoodsRelease.Consent.OWNER_PRESENT.label),
            (GoodsRelease.Consent.SIGNED, GoodsRelease.Consent.SIGNED.label),
        ],
    )
    owner = forms.IntegerField(label=_("Owner"), widget=forms.Select)
    document = forms.FileField(label=_("Signed authorisation (photo or PDF)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PhoneConsentForm(StyledForm):
    phone = forms.CharField(label=_("Number called"), max_length=20)
    note = forms.CharField(label=_("What the owner said"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveForm(StyledForm):
    arrears_checked = forms.BooleanField(
        label=_("No unpaid fees (arrears checked)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GateForm(StyledForm):
    code = forms.CharField(label=_("Code on the pass or slip"), max_length=120)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=GateScan.Direction.choices,
        initial="entry",
        widget=forms.RadioSelect,
    )


class LetOutForm(StyledForm):
    code = forms.CharField(max_length=120, widget=forms.HiddenInput)
    goods_match = forms.ChoiceField(
        label=_("Do the goods match the list?"),
        choices=[("yes", _("Yes, they match")), ("no", _("No, they differ"))],
        widget=forms.RadioSelect,
        required=False,
    )
    difference = forms.CharField(label=_("What differed"), max_length=300, required=False)
    carrier_id_last4 = forms.CharField(
        label=_("Carrier's ID number, last 4 digits"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
    )
