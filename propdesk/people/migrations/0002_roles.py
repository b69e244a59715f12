"""Create one Group per role (R-ST-1) with the model permissions the admin needs.

Business permissions (who may dispatch, countersign …) are enforced by role codes in
services; the Django permissions here only open the configuration admin to the roles
that maintain it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "agent",
    "supervisor",
    "cs_manager",
    "dept_head",
    "dept_staff",
    "centre_manager",
    "gm",
    "archivist",
    "resident",
    "auditor",
    "sysadmin",
]

# role -> list of "app_label.codename"
ADMIN_PERMS = {
    "sysadmin": ["orgs.*", "people.*", "auth.view_group", "auth.change_group"],
    "cs_manager": [
        "orgs.view_site",
        "orgs.view_building",
        "orgs.add_building",
        "orgs.change_building",
        "orgs.view_unit",
        "orgs.add_unit",
        "orgs.change_unit",
        "orgs.view_frontdesk",
        "orgs.change_frontdesk",
        "orgs.view_shift",
        "orgs.add_shift",
        "orgs.change_shift",
        "orgs.view_department",
    ],
    "auditor": ["orgs.view_*", "people.view_*"],
}


def _matching(Permission, spec):
    app, code = spec.split(".")
    qs = Permission.objects.filter(content_type__app_label=app)
    if code == "*":
        return qs
    if code.endswith("*"):
        return qs.filter(codename__startswith=code[:-1])
    return qs.filter(codename=code)


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for code in ROLES:
        group, _created = Group.objects.get_or_create(name=code)
        for spec in ADMIN_PERMS.get(code, []):
            group.permissions.add(*_matching(Permission, spec))


def drop_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("orgs", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, drop_roles)]
