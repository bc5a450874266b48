"""Triage: the risk score and its reasons, the suggested 四性 grade, opinion phrases, and the
审核意见书 in Word (re-opened with python-docx)."""
import io
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from documents.goaltable import IndicatorRow
from documents.rules import ERROR, INFO, WARNING, Finding
from projects.models import Snapshot
from projects.review.comments import anchor_choices, comment_thread_open
from projects.review.triage import risk_of, suggested_grade
from projects.review.workflow import goal_table_submit, review_save
from projects.services import goal_table_save_document
from tests.base import sample_document
from tests.projects.reviewkit import complete_rows, review_world_once, world  # noqa: F401  (fixtures)


def finding(code="R-X", severity=WARNING, row=0):
    return Finding(code, severity, "", "表", "指标", "value_text", row, "问题。请修改。")


# --- the arithmetic ---------------------------------------------------------------


def test_a_table_without_findings_has_no_risk_and_suggests_the_top_grade():
    risk = risk_of(findings=[], rows=8)
    assert (risk.score, risk.reasons, risk.grade) == (0, [], "优")


def test_the_score_is_the_sum_of_its_named_reasons_biggest_first():
    found = [finding(severity=WARNING, row=i) for i in range(3)] + [
        finding("R-VALUE-NO-NUMBER", row=4),
        finding("R-CROSS-COPY", row=None),
        finding("R-MEANING-COST-OVER-BUDGET", row=0),
        finding(severity=INFO),
    ]
    risk = risk_of(findings=found, rows=8)
    assert risk.reasons == ["警告 6 条（+24）", "指标与其他表雷同或描述照抄（+15）", "成本指标或资金与预算数不符（+10）",
                            "12% 的指标没有可考核的数值（+2）", "提示 1 条（+1）"]
    assert risk.score == 24 + 15 + 10 + 2 + 1 and risk.grade == "中"


def test_many_small_warnings_are_capped_below_a_copied_mispriced_table():
    noisy = risk_of(findings=[finding(row=i) for i in range(40)], rows=40)
    assert noisy.score == 50 and noisy.reasons == ["警告 40 条（+50）"]


def test_an_error_never_suggests_a_good_grade():
    assert suggested_grade(score=5, errors=1) == "中"
    assert risk_of(findings=[finding(severity=ERROR)] * 5, rows=3).grade == "差"


# --- submission, queue, review page ------------------------------------------------


def _copied_rows():
    rows = complete_rows()
    extra = [
        IndicatorRow("产出指标", "质量指标", "设备完好率", "设备完好率", "≥", Decimal(95), "%", "≥95%", basis="历史数据"),
        IndicatorRow("产出指标", "时效指标", "故障响应时间", "故障响应时间", "≤", Decimal("0.5"), "小时", "≤0.5小时", basis="历史数据"),
    ]
    return rows[:2] + extra + rows[2:]


def test_submission_keeps_the_risk_with_copy_paste_across_the_department(world):
    twin = goal_table_save_document(
        document=sample_document(name="另一个项目", code="P2", indicators=_copied_rows()), fiscal_year=world.year, unit=world.unit_a
    )
    goal_table_save_document(
        document=sample_document(indicators=_copied_rows()), fiscal_year=world.year, unit=world.unit_a, table=world.table_a
    )
    snapshot = goal_table_submit(table=world.table_a, user=world.staff_a)
    assert "指标与其他表雷同或描述照抄（+15）" in snapshot.risk_reasons
    assert snapshot.risk >= 15 and snapshot.suggested_grade in ("良", "中")
    assert twin.pk != world.table_a.pk


def test_the_queue_puts_the_riskiest_first_and_says_why(client, world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    low = Snapshot.objects.get(table=world.table_a)
    Snapshot.objects.filter(pk=low.pk).update(risk=5, risk_reasons=["提示 5 条（+5）"], suggested_grade="优")
    other = goal_table_save_document(document=sample_document(name="高风险项目", code="P9", indicators=complete_rows()),
                                     fiscal_year=world.year, unit=world.unit_a)
    high = goal_table_submit(table=other, user=world.staff_a)
    Snapshot.objects.filter(pk=high.pk).update(risk=72, risk_reasons=["错误 1 条（+20）", "成本指标或资金与预算数不符（+10）"],
                                               suggested_grade="差")
    client.force_login(world.reviewer)
    response = client.get(reverse("review_queue"))
    assert [t.name for t in response.context["page"].object_list] == ["高风险项目", world.table_a.name]
    page = response.content.decode()
    assert "成本指标或资金与预算数不符（+10）" in page and "建议差" in page


def test_the_review_page_suggests_a_grade_the_reviewer_can_change(client, world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    snapshot = Snapshot.objects.get(table=world.table_a)
    client.force_login(world.reviewer)
    url = reverse("review_table", args=[world.table_a.pk])
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["grade"] == snapshot.suggested_grade
    # The rules' findings are offered under 可行性 (the vague 明显提升 of the benefit row).
    assert "明显提升" in form.initial["feasibility"]
    page = response.content.decode()
    assert 'data-phrase="同意该绩效目标。"' in page and "建议等级" in page
    # The reviewer changes the grade: what they chose is kept, and no longer overwritten.
    client.post(url, {"grade": "差", "opinion": "退回", "action": "save"})
    assert client.get(url).context["form"]["grade"].value() == "差"


# --- the opinion letter -----------------------------------------------------------


def _texts(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def reviewed(world):
    snapshot = goal_table_submit(table=world.table_a, user=world.staff_a)
    document = snapshot.to_document()
    comment_thread_open(table=world.table_a, user=world.reviewer, document=document,
                        anchor=anchor_choices(document)[0][0], body="成本控制数请与预算数核对。")
    review_save(table=world.table_a, user=world.reviewer, completeness="要素齐全。", grade="良", opinion="原则同意。")
    return world


def test_the_letter_of_a_table_lists_grade_opinions_findings_and_comments(client, reviewed):
    client.force_login(reviewed.reviewer)
    response = client.get(reverse("review_letter", args=[reviewed.table_a.pk]))
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    text = _texts(response.content)
    assert "2023年度绩效目标审核意见书" in text and reviewed.unit_a.name in text
    assert reviewed.table_a.name in text and "良" in text and "要素齐全。" in text and "原则同意。" in text
    assert "群众办事便利度" in text and "财预〔2015〕88号" in text  # a finding, with its source
    assert "成本控制数请与预算数核对。" in text and "待修改" in text


def test_the_letter_of_a_department_has_every_table(client, reviewed):
    other = goal_table_save_document(document=sample_document(name="第二个项目", code="P2", indicators=complete_rows()),
                                     fiscal_year=reviewed.year, unit=reviewed.unit_a)
    client.force_login(reviewed.reviewer)
    response = client.get(reverse("department_review_letter", args=[reviewed.dept_a.pk, 2023]))
    text = _texts(response.content)
    assert reviewed.table_a.name in text and other.name in text and "2张绩效目标表" in text


def test_letters_are_for_the_departments_reviewers_only(client, reviewed):
    client.force_login(reviewed.reviewer)
    assert client.get(reverse("review_letter", args=[reviewed.table_b.pk])).status_code == 404
    assert client.get(reverse("department_review_letter", args=[reviewed.dept_b.pk, 2023])).status_code == 404
    client.force_login(reviewed.staff_a)  # staff see their table, but the letter is the bureau's
    assert client.get(reverse("review_letter", args=[reviewed.table_a.pk])).status_code == 404
    assert client.get(reverse("department_review_letter", args=[reviewed.dept_a.pk, 2023])).status_code == 404
    client.force_login(reviewed.admin)
    assert client.get(reverse("department_review_letter", args=[reviewed.dept_b.pk, 2023])).status_code == 200


def test_the_review_pages_survive_a_deleted_submitter_and_reviewer(client, reviewed):
    from django.contrib.auth import get_user_model

    from projects.review.workflow import goal_table_return

    goal_table_return(table=reviewed.table_a, user=reviewed.reviewer, reason="请修改。")
    get_user_model().objects.filter(pk=reviewed.staff_a.pk).delete()
    client.force_login(reviewed.admin)
    for name in ("review_table", "table_versions", "review_letter"):
        response = client.get(reverse(name, args=[reviewed.table_a.pk]))
        assert response.status_code == 200, name
    assert "（已删除的用户）" in client.get(reverse("review_table", args=[reviewed.table_a.pk])).content.decode()
