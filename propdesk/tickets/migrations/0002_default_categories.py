"""Default categories per kind with their departments (DOMAIN.md §3.1, §3.2); editable in the admin."""

from django.db import migrations

# kind, code, name, default department, callback policy, sample %, major
CATEGORIES = [
    ("repair", "plumbing", "给排水/水暖", "engineering", "sample", 30, False),
    ("repair", "electrical", "电气", "engineering", "sample", 30, False),
    ("repair", "doors_windows", "门窗五金", "engineering", "sample", 30, False),
    ("repair", "building", "土建（渗漏、开裂）", "engineering", "always", 30, False),
    ("repair", "common", "公共设施", "engineering", "sample", 30, False),
    ("repair", "elevator", "电梯", "engineering", "always", 30, False),
    ("repair", "access", "门禁/对讲/监控", "engineering", "sample", 30, False),
    ("repair", "fire", "消防设施", "engineering", "always", 30, False),
    ("repair", "gas_hvac", "燃气/暖通/空调", "engineering", "always", 30, False),
    ("repair", "other", "其他报修", "engineering", "sample", 30, False),
    ("complaint", "attitude", "服务态度", "cs", "always", 100, False),
    ("complaint", "quality", "服务质量/时效", "cs", "always", 100, False),
    ("complaint", "repair", "维修工程", "engineering", "always", 100, False),
    ("complaint", "cleaning", "环境卫生", "environment", "always", 100, False),
    ("complaint", "greening", "绿化", "landscaping", "always", 100, False),
    ("complaint", "security", "秩序安全", "security", "always", 100, False),
    ("complaint", "parking", "停车交通", "security", "always", 100, False),
    ("complaint", "noise", "噪音", "security", "always", 100, False),
    ("complaint", "renovation", "装修违规", "engineering", "always", 100, False),
    ("complaint", "encroach", "违建/占用公共部位/消防通道", "security", "always", 100, False),
    ("complaint", "facilities", "设施设备", "engineering", "always", 100, False),
    ("complaint", "fees", "收费", "cs", "always", 100, False),
    ("complaint", "neighbours", "邻里纠纷", "cs", "always", 100, False),
    ("complaint", "pets", "宠物", "security", "always", 100, False),
    ("complaint", "safety_incident", "人身伤害/财产损失", "management", "always", 100, True),
    ("complaint", "other", "其他投诉", "cs", "always", 100, False),
    ("help", "general", "生活求助", "cs", "skip_if_rated", 30, False),
    ("help", "lockout", "忘带钥匙/开门", "security", "skip_if_rated", 30, False),
    ("inquiry", "fees", "物业费/收费咨询", "cs", "sample", 0, False),
    ("inquiry", "general", "一般咨询", "cs", "sample", 0, False),
    ("suggestion", "general", "意见建议", "cs", "sample", 0, False),
]


def create(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    for order, (kind, code, name, dept, policy, pct, major) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            kind=kind,
            code=code,
            defaults={
                "name": name,
                "default_department": dept,
                "callback_policy": policy,
                "sample_percent": pct,
                "is_major": major,
                "sort_order": order,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("tickets", "Category").objects.filter(
        code__in=[c[1] for c in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
