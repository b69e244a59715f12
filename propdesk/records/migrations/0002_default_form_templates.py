"""Every form the product prints or records, with its department, numbering scheme and retention
period, and its first version approved when the product went into use (R-FM-1, R-FM-3, R-FM-8).

Retention (DOMAIN.md): parcels and mail 30 days, release slips and survey forms 1 year; the
rest (complaints, work orders, registers, logs) by company policy, 3 years by default.
"""

import datetime

from django.db import migrations

YEAR = 365
# code, name, English name, department, numbering scheme, retention days
FORMS = [
    (
        "handling_form",
        "用户投诉处理单 / 维修派工单",
        "Complaint handling form / work order",
        "cs",
        "TS-/BX-/QZ-/ZX-/JY-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    (
        "contact_register",
        "来人来电来访登记表",
        "Visitor, call and letter register",
        "cs",
        "DJ-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    (
        "duty_log",
        "客服前台值班记录表",
        "Front-desk duty log",
        "cs",
        "ZB-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    (
        "handover",
        "交接班记录",
        "Shift handover record",
        "cs",
        "JB-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    ("mail_log", "邮件收发记录表", "Mail log", "cs", "YJ-年份-六位序号，每项目每年连续", 30),
    (
        "promise",
        "承诺回复记录",
        "Promised reply record",
        "cs",
        "CN-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    (
        "lobby_incident",
        "大堂特殊情况报告",
        "Lobby incident report",
        "cs",
        "SJ-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    (
        "worker_pass",
        "装修施工人员临时出入证",
        "Renovation worker pass",
        "cs",
        "每项目每年连续编号",
        YEAR,
    ),
    (
        "goods_release",
        "物品放行条",
        "Goods release slip",
        "cs",
        "每项目每年连续编号，一单一号",
        YEAR,
    ),
    (
        "survey_form",
        "满意度调查表",
        "Satisfaction survey form",
        "quality",
        "每项目每年连续编号",
        YEAR,
    ),
    (
        "meeting_minutes",
        "主要负责人例会会议纪要",
        "Minutes of the weekly meeting",
        "management",
        "HY-年份-六位序号，每项目每年连续",
        3 * YEAR,
    ),
    (
        "document_signoff",
        "文件签阅单",
        "Document sign-off sheet",
        "management",
        "WJ-年份-六位序号（公司文件）；ZD-年份-六位序号（项目内部制度，每项目连续）",
        3 * YEAR,
    ),
]
IN_USE_FROM = datetime.date(2026, 1, 1)


def create_defaults(apps, schema_editor):
    FormTemplate = apps.get_model("records", "FormTemplate")
    TemplateVersion = apps.get_model("records", "TemplateVersion")
    approved_at = datetime.datetime(
        2026, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    for code, name, name_en, dept, numbering, days in FORMS:
        template, created = FormTemplate.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "department": dept,
                "numbering": numbering,
                "retention_days": days,
            },
        )
        if created:
            TemplateVersion.objects.create(
                template=template,
                label="2026.1",
                change_note="首版（产品启用时的格式）",
                state="approved",
                approved_at=approved_at,
                effective_from=IN_USE_FROM,
            )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_documents_signoff_templates")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
