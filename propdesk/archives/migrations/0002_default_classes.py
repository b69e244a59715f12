"""The archive classes named for the property centre (R-AR-1); the admin adds or renames them.

Retention defaults where the rules are silent: owner files, contracts and engineering drawings
are kept permanently (0), renovation and meeting files 10 years, complaint files 3 years.
"""

from django.db import migrations

CLASSES = [
    ("YZ", "业主档案", "Owner files", 0),
    ("ZX", "装修档案", "Renovation files", 10),
    ("HT", "合同", "Contracts", 0),
    ("TZ", "工程图纸", "Engineering drawings", 0),
    ("HY", "会议纪要", "Meeting minutes", 10),
    ("TS", "投诉档案", "Complaint files", 3),
    ("WJ", "文件", "Documents", 10),
]


def seed(apps, schema_editor):
    ArchiveClass = apps.get_model("archives", "ArchiveClass")
    for order, (code, name, name_en, years) in enumerate(CLASSES):
        ArchiveClass.objects.get_or_create(
            code=code.lower(),
            defaults={
                "name": name,
                "name_en": name_en,
                "retention_years": years,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_archive_records")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
