"""Record numbering per (scheme, site, year), gap-free (R-FM-3)."""

import pytest
from django.db import transaction

from propdesk.core.numbering import number_next


@pytest.mark.django_db
def test_r_fm_3_numbers_are_sequential_per_scheme_site_and_year():
    """R-FM-3: unified numbering, per form, site and year."""
    assert number_next(scheme="TS", site_id=1, year=2026) == "TS-2026-000001"
    assert number_next(scheme="TS", site_id=1, year=2026) == "TS-2026-000002"
    assert number_next(scheme="TS", site_id=2, year=2026) == "TS-2026-000001"
    assert number_next(scheme="BX", site_id=1, year=2026) == "BX-2026-000001"
    assert number_next(scheme="TS", site_id=1, year=2027) == "TS-2027-000001"


@pytest.mark.django_db
def test_r_fm_3_rolled_back_record_leaves_no_gap():
    """R-FM-3: a number issued inside a failed transaction is given back."""
    with pytest.raises(RuntimeError), transaction.atomic():
        number_next(scheme="TS", site_id=1, year=2026)
        raise RuntimeError
    assert number_next(scheme="TS", site_id=1, year=2026) == "TS-2026-000001"
