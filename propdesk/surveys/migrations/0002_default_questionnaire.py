"""The default questionnaire (DOMAIN §1.11, the items of 满意度调查表 seen in practice); the
admin changes it. Rated items use the five levels 非常满意 … 非常差; the overall view weighs
double."""

from django.db import migrations

LEVEL, MULTI, TEXT = "level", "multi", "text"
ITEMS = [
    ("客户服务", "前台客服人员的接待与服务态度", LEVEL, [], "1"),
    ("客户服务", "报修、投诉处理的及时性与效率", LEVEL, [], "1"),
    ("客户服务", "事后回访的及时性", LEVEL, [], "1"),
    ("秩序维护", "小区安全防范（门岗、巡逻、车辆管理）", LEVEL, [], "1"),
    ("秩序维护", "秩序维护人员（保安）的服务态度", LEVEL, [], "1"),
    ("环境保洁", "公共区域的清洁卫生", LEVEL, [], "1"),
    ("环境保洁", "小区整体环境", LEVEL, [], "1"),
    ("绿化养护", "绿化养护", LEVEL, [], "1"),
    ("工程维修", "入户维修的质量与服务态度", LEVEL, [], "1"),
    ("工程维修", "公共设施设备的维护", LEVEL, [], "1"),
    ("综合评价", "对物业服务的总体评价", LEVEL, [], "2"),
    (
        "意见与建议",
        "您最希望我们改进哪些方面（可多选）",
        MULTI,
        ["客户服务", "秩序维护", "环境保洁", "绿化养护", "工程维修", "设施设备"],
        "0",
    ),
    ("意见与建议", "您对我们的意见和建议", TEXT, [], "0"),
]


def seed(apps, schema_editor):
    Item = apps.get_model("surveys", "QuestionnaireItem")
    if Item.objects.exists():
        return
    for order, (section, text, kind, choices, weight) in enumerate(ITEMS, start=1):
        Item.objects.create(
            section=section, text=text, kind=kind, choices=choices, weight=weight, sort_order=order
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_surveys_questions_sample_responses")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
