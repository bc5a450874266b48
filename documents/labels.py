"""What each field of a goal table is called: the one table of field labels.

The words are the official form's.  The diff, the review rules' findings, the reviewers' comment
anchors and the editor's grid headings all take their labels from here.  A label is shown
followed by "：" and a message, so it never holds a "：" itself (the form's "其中：财政资金" is 财政资金).
"""

HEADER_LABELS = {
    "kind": "表类型",
    "layout": "版式",
    "seq": "序号",
    "title": "表标题",
    "code": "项目编码",
    "name": "项目名称",
    "department_label": "预算部门",
    "budget_total": "预算数",
    "budget_note": "预算数（原文）",
    "budget_executed": "全年执行数",
    "fiscal_funds": "财政资金",
    "other_funds": "其他资金",
    "superior_funds": "上级资金",
    "income_general": "一般公共预算",
    "income_gov_fund": "政府性基金拨款",
    "income_special_nontax": "纳入专户管理的非税收入拨款",
    "income_other": "其他资金（按收入性质）",
    "spending_basic": "基本支出",
    "spending_project": "项目支出",
    "functions": "部门职能",
    "purpose": "资金用途",
    "period": "实施期",
    "period_goal": "实施期绩效目标",
    "annual_goal": "本年度绩效目标",
    "annual_goal_actual": "年度目标实际完成情况",
    "milestone_unit": "支出计划口径",
    "filled_by": "填表人",
    "phone": "联系电话",
    "filled_on": "填报日期",
}
ROW_LABELS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "指标描述",
    "value_text": "指标值",
    "comparator": "比较符",
    "value": "指标数值",
    "unit": "计量单位",
    "direction": "指标性质",
    "basis": "指标值确定依据",
    "standard": "绩效标准",
    "activity": "工作活动",
    "ref_plan": "规划值",
    "ref_standard": "当年标准值",
    "ref_standard_source": "标准值来源",
    "ref_avg3": "前三年均值",
    "ref_last_year": "上年值",
    "ref_history_source": "历史值来源",
    "term": "指标期限",
    "weight": "权重（分值）",
    "scoring_standard": "评（扣）分标准",
    "formula": "计算公式",
    "data_source": "数据来源",
    "actual_value_text": "实际完成值",
    "score": "得分",
    "deviation_reason": "偏差原因",
}

MILESTONES_FIELD = "milestones"
INDICATORS_FIELD = "indicators"

# Fields a reviewer can anchor a comment to besides the indicator rows.
ANCHOR_LABELS = {**HEADER_LABELS, MILESTONES_FIELD: "资金支出计划"}

# Any field a finding can name: a header field, a row field (a row's `name` is its 三级指标), the plan, the rows.
# `project_name` is the table's 项目名称 where `name` alone would be read as a row's 三级指标.
FIELD_LABELS = {
    **HEADER_LABELS,
    **ROW_LABELS,
    "project_name": HEADER_LABELS["name"],
    MILESTONES_FIELD: "资金支出计划",
    INDICATORS_FIELD: "绩效指标",
}
