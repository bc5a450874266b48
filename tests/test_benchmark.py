"""`manage.py benchmark --quick` prints its table of figures (the timings themselves are not checked)."""
import io
import re

import pytest
from django.core.management import call_command

from projects.models import Department, GoalTable

NUMBER = r"[\d,]+(?:\.\d+)?"


@pytest.mark.slow  # about ten seconds: it runs every measurement once; CI runs it too
@pytest.mark.django_db  # the command swaps in its own throwaway database and must give this one back untouched
def test_quick_benchmark_prints_every_figure_and_target():
    mine = Department.objects.create(name="测试部门", region="测试")
    out = io.StringIO()
    call_command("benchmark", "--quick", stdout=out)
    text = out.getvalue()
    assert "50 张表 / 10,000 行指标" in text and "导入 20 张表 / 2,000 条指标" in text

    # the test's database: still there, and nothing imported into it
    assert Department.objects.filter(pk=mine.pk).exists()
    assert not GoalTable.objects.exists()

    # measurement rows: time, CPU time, peak memory, file size and the ratio to the baseline (— for none)
    figures = re.compile(
        rf"^(?P<label>.+?)\s+(?P<seconds>{NUMBER})\s+(?P<cpu>{NUMBER})\s+(?P<mb>{NUMBER})\s+(?P<kb>{NUMBER})"
        rf"\s+(?:(?P<ratio>{NUMBER})×|—)$"
    )
    rows = {}
    for line in text.splitlines():
        found = figures.match(line)
        if found:
            rows[found["label"].strip()] = found
    labels = list(rows)
    expected_labels = [
        "DOCX render_docx", "基线 lxml", "基线 zipfile",
        "XLSX render_xlsx", "基线 openpyxl write_only", "基线 xlsxwriter constant_memory",  # xlsxwriter: requirements-dev.txt
        "XLSX render_xlsx", "基线 xlsxwriter",
        "导入预览+确认", "其中预览（解析、审核规则，不写库）",
        "平铺导入", "基线 Django bulk_create",
        "大文件导入预览+确认", "其中只解析文件（parse_file，不访问数据库）",
    ]
    assert [label.split("：")[0] for label in labels] == expected_labels
    assert "部门文本 50 张表" in labels[0] and "10,000 行指标" in labels[3]
    # 834 tables are over the limit: the file a user gets has 指标明细 and 说明 only
    assert "超过 300 张：指标明细 + 说明" in labels[3]
    assert any("30 张表各一页 + 指标明细" in label for label in labels)
    assert any("一个含20张表的DOCX" in label for label in labels)
    assert any("2,000条指标（django-import-export）" in label for label in labels)
    assert any("一个含200张表的DOCX" in label for label in labels)  # 2,000 at full size
    assert re.search(r"每张表的导入 CPU 时间：20 张表时 [\d.]+ 毫秒，200 张表时 [\d.]+ 毫秒", text)
    for found in rows.values():
        assert float(found["seconds"]) > 0 and float(found["cpu"]) >= 0
        assert float(found["mb"]) > 0
        assert float(found["kb"].replace(",", "")) > 0
    # the subject's ratio is the one to the fastest baseline of its group
    # (the printed times are rounded to their last digit: the ratio lies within what that rounding allows)
    docx = [rows[label]["seconds"] for label in labels[:3]]
    half = [0.5 * 10 ** -len(t.partition(".")[2]) for t in docx]
    subject, (baseline, slack) = float(docx[0]), min((float(t), h) for t, h in zip(docx[1:], half[1:]))
    lowest = (subject - half[0]) / (baseline + slack)
    highest = (subject + half[0]) / max(baseline - slack, 1e-9)
    assert lowest - 0.05 <= float(rows[labels[0]]["ratio"]) <= highest + 0.05
    assert rows[labels[labels.index(next(x for x in labels if x.startswith("导入预览")))]]["ratio"] is None

    targets = re.findall(
        rf"^(DOCX|XLSX|导入预览\+确认|平铺导入) (.+?)\s+({NUMBER}) (秒|MB)(?:\s+{NUMBER} 秒)?\s+(达标|未达标)$",
        text, flags=re.M,
    )
    assert [(kind, unit) for kind, _, _, unit, _ in targets] == [
        ("DOCX", "秒"), ("XLSX", "秒"), ("XLSX", "MB"), ("导入预览+确认", "秒"), ("平铺导入", "秒")]
    assert "< 200 MB" in targets[2][1]
    assert "20 张表 < 0.2 秒" in targets[3][1] and "2,000 条 < 0.3 秒" in targets[4][1]


@pytest.mark.django_db
def test_the_load_section_refuses_anything_but_postgresql(settings):
    from django.core.management.base import CommandError
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the load section would run; it is a slow path, run by hand")
    with pytest.raises(CommandError, match="scripts/with-postgres"):
        call_command("benchmark", "--load", stdout=io.StringIO())
