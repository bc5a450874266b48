"""The one table of field labels: every field of the document has its Chinese name."""
import dataclasses

from documents.goaltable import GoalTable, IndicatorRow
from documents.labels import FIELD_LABELS, HEADER_LABELS, ROW_LABELS


def test_every_document_field_has_a_label():
    identity = {"year", "department", "unit_code", "unit_name", "milestones", "indicators", "duties"}
    header = {f.name for f in dataclasses.fields(GoalTable)} - identity
    assert header <= set(HEADER_LABELS), header - set(HEADER_LABELS)
    assert {f.name for f in dataclasses.fields(IndicatorRow)} <= set(ROW_LABELS)


def test_a_label_can_be_followed_by_a_colon_and_a_message():
    # The editor and the review page print "label：message" and read the message back after the first "：".
    assert [label for label in FIELD_LABELS.values() if "：" in label or ":" in label] == []
    assert FIELD_LABELS["name"] == "三级指标" and FIELD_LABELS["project_name"] == "项目名称"
