"""Roles per level (R-ST-1): created by a migration, held by staff profiles with department and sites."""

from django.contrib.auth.models import Group

from propdesk.people.roles import COMPANY_WIDE, READ_ONLY, Role


def test_r_st_1_every_role_exists_as_a_group_from_the_migration(db):
    """R-ST-1: representative, supervisor, manager … each a role with its own permissions."""
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert (
        Group.objects.get(name=Role.AUDITOR)
        .permissions.filter(codename__startswith="change_")
        .count()
        == 0
    )
    assert (
        Group.objects.get(name=Role.CS_MANAGER).permissions.filter(codename="change_unit").exists()
    )


def test_r_st_1_staff_profile_carries_role_department_and_sites(
    agent_a, dept_head_a, auditor, site_a, eng_dept_a
):
    """R-ST-1: a staff profile names the person's role(s), department and sites; scope follows."""
    assert agent_a.role_codes == {"agent"} and agent_a.visible_site_ids() == {site_a.pk}
    assert dept_head_a.staff.department == eng_dept_a
    assert auditor.visible_site_ids() is None and auditor.is_read_only
    assert Role.AUDITOR in READ_ONLY and Role.GM in COMPANY_WIDE
