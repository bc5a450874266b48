"""One table per identity (year, unit, kind, and code — or name when there is no code).

Duplicates made before the constraint (two imports of one file at once, issue 16) are kept, not
deleted: every copy after the oldest is renamed so that it stands out in the lists and the admin
can compare and delete it — its code gets "-重复N" (or, without a code, its name "（重复N）").
"""
from django.db import migrations, models


def rename_duplicates(apps, schema_editor):
    GoalTable = apps.get_model("projects", "GoalTable")
    seen: dict[tuple, int] = {}
    renamed = 0
    for table in GoalTable.objects.order_by("pk").only("pk", "fiscal_year_id", "unit_id", "kind", "code", "name"):
        key = (table.fiscal_year_id, table.unit_id, table.kind, "code", table.code) if table.code else (
            table.fiscal_year_id, table.unit_id, table.kind, "name", table.name
        )
        copies = seen.get(key, 0)
        seen[key] = copies + 1
        if not copies:
            continue
        number = copies + 1
        if table.code:
            suffix = f"-重复{number}"
            table.code = table.code[: 60 - len(suffix)] + suffix
            GoalTable.objects.filter(pk=table.pk).update(code=table.code)
        else:
            suffix = f"（重复{number}）"
            table.name = table.name[: 300 - len(suffix)] + suffix
            GoalTable.objects.filter(pk=table.pk).update(name=table.name)
        renamed += 1
    if renamed:
        print(f"\n  绩效目标表：{renamed} 张重复的表已改名（编码后加“-重复N”或名称后加“（重复N）”），请在后台核对后删除。")


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0005_monitoring_self_evaluation_adjustment"),
    ]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="goaltable",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("fiscal_year", "unit", "kind", "code"),
                name="one_table_per_code",
                violation_error_message="本年度该单位已有项目编码相同的同类绩效目标表。",
            ),
        ),
        migrations.AddConstraint(
            model_name="goaltable",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", "")),
                fields=("fiscal_year", "unit", "kind", "name"),
                name="one_uncoded_table_per_name",
                violation_error_message="本年度该单位已有同名、未填项目编码的同类绩效目标表。",
            ),
        ),
    ]
