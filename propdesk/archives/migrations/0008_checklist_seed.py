"""The owner file's required items (R-AR-1): purchase contract, ID copy, handover form. The admin
adds items to other classes."""

from django.db import migrations

ITEMS = {
    "yz": [
        ("购房合同", "Purchase contract"),
        ("身份证复印件", "Copy of the ID"),
        ("房屋交接单", "Handover form"),
    ],
}


def seed(apps, schema_editor):
    ArchiveClass = apps.get_model("archives", "ArchiveClass")
    ChecklistItem = apps.get_model("archives", "ChecklistItem")
    for code, items in ITEMS.items():
        cls = ArchiveClass.objects.filter(code=code).first()
        if cls is None:
            continue
        for order, (name, name_en) in enumerate(items):
            ChecklistItem.objects.get_or_create(
                archive_class=cls, name=name, defaults={"name_en": name_en, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("archives", "0007_checklist")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
