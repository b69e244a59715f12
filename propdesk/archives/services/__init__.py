from .checklist import checklist_of, record_checklist_set
from .destruction import (
    destruction_approve,
    destruction_execute,
    destruction_propose,
    destruction_refuse,
    expired_records,
)
from .inspection import (
    inspection_close,
    inspection_countersign,
    inspection_mark,
    inspection_round_open,
    inspection_sweep,
)
from .intake import archive_intake_offer, intake_add, intake_decline, intake_file
from .loans import (
    loan_approve,
    loan_cancel,
    loan_lend,
    loan_refuse,
    loan_request,
    loan_take_back,
    missing_steps,
    record_for_request,
    steps_for,
)
from .records import (
    record_attach,
    record_create,
    record_file_download,
    record_update,
    record_viewed,
)
from .transfer import transfer_cancel, transfer_propose, transfer_sign, transferable

__all__ = [
    "transfer_cancel",
    "transfer_propose",
    "transfer_sign",
    "transferable",
    "checklist_of",
    "record_checklist_set",
    "destruction_approve",
    "destruction_execute",
    "destruction_propose",
    "destruction_refuse",
    "expired_records",
    "inspection_close",
    "inspection_countersign",
    "inspection_mark",
    "inspection_round_open",
    "inspection_sweep",
    "archive_intake_offer",
    "intake_add",
    "intake_decline",
    "intake_file",
    "loan_approve",
    "loan_cancel",
    "loan_lend",
    "loan_refuse",
    "loan_request",
    "loan_take_back",
    "missing_steps",
    "record_attach",
    "record_create",
    "record_file_download",
    "record_for_request",
    "record_update",
    "record_viewed",
    "steps_for",
]
