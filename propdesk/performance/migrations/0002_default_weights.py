"""The default score weights and training interval, in force from the start (R-ST-8, R-ST-9).

Satisfaction 30, SLA 20, callbacks on time 15, promises kept 10, conduct 10, no complaints 10,
training 5 (sum 100); 25 points lost per complaint; a bonus of 500.00 yuan at 100, none below 60;
training every 90 days. The admin adds rows with a later effective date to change them.
"""

import datetime

from django.db import migrations

START = datetime.date(2000, 1, 1)


def seed(apps, schema_editor):
    apps.get_model("performance", "ScoreWeights").objects.get_or_create(effective_from=START)
    apps.get_model("performance", "TrainingInterval").objects.get_or_create(effective_from=START)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
