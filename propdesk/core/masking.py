"""Masking of personal numbers (PIPL minimum necessary): 138****5678, 110***********1234."""


def mask_phone(value: str | None) -> str:
    """Keep the first 3 and last 4 digits of a phone number."""
    if not value:
        return ""
    v = str(value)
    if len(v) <= 7:
        return v[:1] + "*" * max(len(v) - 2, 1) + v[-1:]
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_id_number(value: str | None) -> str:
    """Keep the first 3 and last 4 characters of an ID number."""
    if not value:
        return ""
    v = str(value)
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]
