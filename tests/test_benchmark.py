"""`manage.py benchmark --quick` prints its table of figures (the timings themselves are not checked)."""
import importlib.util
import io
import re

from django.core.management import call_command

NUMBER = r"[\d,]+(?:\.\d+)?"


def test_quick_benchmark_prints_every_figure_and_target():
    out = io.StringIO()
    call_command("benchmark", "--quick", stdout=out)
    text = out.getvalue()
    assert "50 张表 / 10,000 行指标" in text

    # measurement rows: time, CPU time, peak memory, file size and the ratio to the baseline
    figures = re.compile(rf"^(?P<label>.+?)\s+(?P<seconds>{NUMBER})\s+(?P<cpu>{NUMBER})\s+(?P<mb>{NUMBER})\s+(?P<kb>{NUMBER})\s+(?P<ratio>{NUMBER})×$")
    rows = {}
    for line in text.splitlines():
        found = figures.match(line)
        if found:
            rows[found["label"].strip()] = found
    labels = list(rows)
    expected_labels = ["DOCX render_docx", "基线 lxml", "基线 zipfile", "XLSX render_xlsx", "基线 openpyxl write_only"]
    if importlib.util.find_spec("xlsxwriter"):  # pinned in requirements-dev.txt; the command skips it when absent
        expected_labels.append("基线 xlsxwriter constant_memory")
    assert [label.split("：")[0] for label in labels] == expected_labels
    assert "部门文本 50 张表" in labels[0] and "10,000 行指标" in labels[3]
    for found in rows.values():
        assert float(found["seconds"]) > 0 and float(found["cpu"]) >= 0
        assert float(found["mb"]) > 0
        assert float(found["kb"].replace(",", "")) > 0
        assert float(found["ratio"]) > 0
    # the subject's ratio is the one to the fastest baseline of its group
    docx = [float(rows[label]["seconds"]) for label in labels[:3]]
    expected = docx[0] / min(docx[1:])
    assert abs(float(rows[labels[0]]["ratio"]) - expected) <= 0.1 * expected + 0.1  # printed times are rounded

    targets = re.findall(rf"^(DOCX|XLSX) (.+?)\s+({NUMBER}) (秒|MB)\s+(达标|未达标)$", text, flags=re.M)
    assert [(kind, unit) for kind, _, _, unit, _ in targets] == [("DOCX", "秒"), ("XLSX", "秒"), ("XLSX", "MB")]
    assert "< 200 MB" in targets[2][1]
