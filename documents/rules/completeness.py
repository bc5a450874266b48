"""Completeness: is everything there that a reviewer needs to judge the table?"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from documents.goaltable import KIND_OVERALL, GoalTable

from . import sources
from .base import ERROR, WARNING, Hit, register, row_hit
from .measures import bare, clean, display, fraction_meant_as_percent, indexed_rows, row_label, target_of
from .taxonomy import Taxonomy

# Layouts whose indicators carry 一级/二级; the duty layout hangs them on duties instead.
TREE_LAYOUTS = ("standard", "hunan", "overall", "list")
# Where each layout keeps the basis of a target: 指标值确定依据, or 绩效标准 in the Hunan form.
BASIS_FIELDS = {"standard": ("basis", "指标值确定依据"), "hunan": ("standard", "绩效标准")}


def _has_tree(table: GoalTable) -> bool:
    return table.layout in TREE_LAYOUTS and any(clean(r.level1) for r in table.all_indicators())


def _rows_text(indexes: list[int]) -> str:
    return "、".join(f"第{i + 1}行" for i in indexes)


@register(
    code="R-COMPLETE-NAME",
    source=sources.GOAL_CONTENT,
    group="完整性",
    title="项目名称为空",
    severity=ERROR,
    reason="没有名称的表无法在审核、公开和年度结转中辨认。",
    example="新建的项目表没有填写项目名称。",
)
def check_has_name(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if not clean(table.name):
        what = "部门名称" if table.kind == KIND_OVERALL else "项目名称"
        yield Hit("project_name", f"没有填写{what}。请填写与预算批复一致的{what}。")


@register(
    code="R-COMPLETE-INDICATORS",
    source=sources.QUANTIFIED,
    group="完整性",
    title="表中没有绩效指标",
    severity=ERROR,
    reason="没有三级指标，绩效目标就无从衡量，也无法开展绩效监控和评价。",
    example="项目表只填了资金和目标，指标区为空。",
)
def check_has_indicators(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if not any(True for _ in table.all_indicators()):
        yield Hit("indicators", "表中没有任何绩效指标。请按指标体系补充一级、二级、三级指标及指标值。")


@register(
    code="R-COMPLETE-LEVEL1",
    source=sources.FRAMEWORK,
    group="完整性",
    title="缺少指标体系要求的一级指标",
    severity=ERROR,
    reason="本年度的指标体系规定了每张表都要有的一级指标（如2021年体系的成本、产出、效益、满意度指标）。",
    example="2023年的项目表只有产出指标和效益指标，缺少成本指标和满意度指标。",
)
def check_required_level1(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if not taxonomy or not _has_tree(table):
        return
    rows = list(table.all_indicators())
    present = {taxonomy.level1(r.level1) for r in rows}
    # 成本指标 filed as a 二级 (under 产出, the older way) is there, only in the wrong place:
    # R-STRUCT-LEVEL2 says once where it belongs.
    misplaced = {taxonomy.level1(r.level2) for r in rows if clean(r.level2)}
    for name in taxonomy.level1_names:
        if name not in present and name not in misplaced:
            yield Hit("level1", f"缺少一级指标“{name}”。请在“{name}”下至少设置一个三级指标并填写指标值。")


@register(
    code="R-COMPLETE-OUTPUT",
    source=sources.OUTPUT,
    group="完整性",
    title="产出指标缺少数量、质量或时效指标",
    severity=WARNING,
    reason="产出指标应从数量、质量、时效三个方面说明要完成什么、做到什么程度、何时完成。",
    example="产出指标下只有“数量指标：培训人次≥260人次”，没有质量和时效指标。",
)
def check_output_dimensions(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    output = taxonomy.output_level1()
    if not output or not _has_tree(table):
        return
    wanted = [c for c in taxonomy.children(output) if bare(c).startswith(("数量", "质量", "时效"))]
    rows = [r for r in table.all_indicators() if taxonomy.level1(r.level1) == output]
    if not rows:
        return  # R-COMPLETE-LEVEL1 already says the whole 产出指标 is missing
    present = {taxonomy.level2(output, r.level2) for r in rows}
    missing = [c for c in wanted if c not in present]
    if missing:
        names = "、".join(f"“{m}”" for m in missing)
        examples = "；".join(f"{m}如{_OUTPUT_EXAMPLES[bare(m)[:2]]}" for m in missing)
        yield Hit("level2", f"产出指标下缺少{names}。请补充相应的三级指标并填写指标值（{examples}）。")


_OUTPUT_EXAMPLES = {"数量": "“培训人次≥260人次”", "质量": "“验收合格率≥98%”", "时效": "“按期完成率≥95%”"}


@register(
    code="R-COMPLETE-LEVEL3",
    source=sources.FRAMEWORK,
    group="完整性",
    title="三级指标名称为空",
    severity=ERROR,
    reason="三级指标是实际考核的内容，没有名称的指标无法理解和考核。",
    example="一行填了“≥95%”，但三级指标一栏空着。",
)
def check_level3_present(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        if clean(row.name):
            continue
        if clean(row.value_text) or clean(row.description) or row.value is not None:
            yield row_hit(index, row, "name", f"第{index + 1}行没有三级指标名称。请写明该行具体考核什么（如“证件制作合格率”）。")
        elif not (clean(row.level1) or clean(row.level2)):  # a 分值, a 数据来源 … on a line of its own
            yield row_hit(index, row, "name", f"第{index + 1}行没有三级指标和指标值。请填写这一行，或把它删除。")
        else:
            # A line with only its 一级/二级 (a skeleton line not filled in): it would print as an
            # empty row and make the table look as if that 一级 were covered.
            yield row_hit(index, row, "name", f"第{index + 1}行只有指标分类，没有三级指标和指标值。请填写这一行，或把它删除。")


@register(
    code="R-COMPLETE-LEVEL3-GENERIC",
    source=sources.QUANTIFIED,
    group="完整性",
    title="三级指标只是重复二级指标",
    severity=WARNING,
    reason="三级指标应是可以考核的具体内容；照抄二级指标名称（如“服务对象满意度指标”）等于没有设置三级指标。",
    example="二级指标“服务对象满意度指标”下的三级指标也写“服务对象满意度指标”。",
)
def check_level3_not_generic(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        name = clean(row.name)
        if name and name in (clean(row.level2), clean(row.level1)):
            yield row_hit(
                index, row, "name",
                f"三级指标“{name}”只是重复了上级指标的名称。请改为具体考核的内容，如“企业群众办事满意度”。",
            )


@register(
    code="R-COMPLETE-DUPLICATE-NAME",
    source=sources.SPECIFIC,
    group="完整性",
    title="同一张表中三级指标重名",
    severity=WARNING,
    reason="同名指标或是重复填写，或是把不同内容写成了同一个名称，都会让考核无法区分。",
    example="效益指标下的经济、社会、生态效益指标都写“工资保险发放(缴纳)标准”。",
)
def check_duplicate_names(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    rows_by_name = defaultdict(list)
    for index, row in indexed_rows(table):
        if clean(row.name):
            # the same measure in the 中期 block and the year's ("帮扶户数" ≥300户 / ≥100户) is no duplicate
            rows_by_name[(row.term, clean(row.name))].append((index, row))
    for (_term, name), rows in rows_by_name.items():
        if len(rows) > 1:
            index, row = rows[1]
            where = _rows_text([i for i, _ in rows])
            yield row_hit(
                index, row, "name",
                f"三级指标“{name}”在{where}重复出现。请删除重复行，或把各行改成各自考核的具体内容。",
            )


@register(
    code="R-COMPLETE-DUPLICATE-DESCRIPTION",
    source=sources.SPECIFIC,
    group="完整性",
    title="不同指标的描述相同",
    severity=WARNING,
    reason="两个不同的指标用同一段描述，说明至少有一个描述是照抄的，没有说明该指标考核什么。",
    example="“全面拓展电子营业执照应用场景”和“设施运维机制健全性”的描述都是“扩大电子营业执照的受众面和覆盖面”。",
)
def check_duplicate_descriptions(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    rows_by_description = defaultdict(list)
    for index, row in indexed_rows(table):
        description = bare(row.description)
        if len(description) >= 4:
            rows_by_description[description].append((index, row))
    for description, rows in rows_by_description.items():
        names = list(dict.fromkeys(clean(r.name) for _, r in rows))
        if len(names) < 2:
            continue
        first = names[0]
        seen = {first}
        for index, row in rows[1:]:
            if clean(row.name) in seen:
                continue
            seen.add(clean(row.name))
            yield row_hit(
                index, row, "description",
                f"“{clean(row.name)}”的指标描述与“{first}”完全相同（“{description}”）。"
                f"请写明本指标考核的内容、口径或计算方法。",
            )


@register(
    code="R-COMPLETE-VALUE",
    source=sources.QUANTIFIED,
    group="完整性",
    title="指标值为空",
    severity=ERROR,
    reason="没有指标值就没有目标，年终无法判断是否完成。",
    example="三级指标“证件制作合格率”的指标值一栏空着。",
)
def check_value_present(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        if clean(row.name) and not clean(row.value_text) and row.value is None:
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}没有填写指标值。请填写目标值，如“≥95%”“≤0.5小时”或明确的定性标准。",
            )


@register(
    code="R-COMPLETE-UNIT",
    source=sources.UNIT,
    group="完整性",
    title="指标值有数字没有单位",
    severity=WARNING,
    reason="没有计量单位的数字含义不明：98是98%、98分还是98件？",
    example="“办事群众满意率”的指标值只写“98.00”，计量单位为空。",
)
def check_unit_present(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        if target.number is not None and not clean(target.unit) and not fraction_meant_as_percent(row, target):  # R-VALUE-FRACTION's
            shown = display(target)
            yield row_hit(
                index, row, "unit",
                f"{row_label(index, row)}的指标值“{shown}”没有计量单位。请补上单位，如“%”“件”“小时”“万元”。",
            )


@register(
    code="R-COMPLETE-BASIS",
    source=sources.BASIS,
    group="完整性",
    title="未填写指标值确定依据",
    severity=WARNING,
    reason="版式中有“指标值确定依据”（湖南版式为“绩效标准”）一栏的，应说明目标值来自历史数据、计划标准、行业标准还是其他。"
    "整列都空的视为表样没有这一栏，不提示。",
    example="其他指标都注明了“历史标准”，只有“培训人次”一行的指标值确定依据空着。",
)
def check_basis_present(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if table.layout not in BASIS_FIELDS:
        return
    field, label = BASIS_FIELDS[table.layout]
    rows = [(i, r) for i, r in indexed_rows(table) if clean(r.name)]
    empty = [(i, r) for i, r in rows if not clean(getattr(r, field))]
    # A column empty from top to bottom is a form without that column (many provinces' forms
    # have none): the filer cannot be blamed for leaving out what the form never asked for.
    if not empty or len(empty) == len(rows):
        return
    for index, row in empty:
        yield row_hit(
            index, row, field,
            f"{row_label(index, row)}没有填写“{label}”。请注明依据：历史标准、计划标准、行业标准或其他。",
        )


@register(
    code="R-COMPLETE-GOAL",
    source=sources.GOAL_CONTENT,
    group="完整性",
    title="绩效目标为空",
    severity=ERROR,
    reason="绩效目标说明资金投入后要达到的产出和效果，是设置各项指标的出发点。",
    example="项目表的“本年度绩效目标”和“实施期绩效目标”都空着。",
)
def check_goal_present(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    # The duty layout states its goals per duty (职责目标); any layout may carry them there.
    task_goals = (t.goal for d in table.duties for t in d.tasks)
    if table.layout == "duty" or any(clean(g) for g in task_goals):
        return
    if not clean(table.annual_goal) and not clean(table.period_goal) and not _goal_in_purpose(table):
        yield Hit("annual_goal", "没有填写绩效目标。请写明本年度资金使用后要完成的产出和达到的效果。")


def _goal_in_purpose(table: GoalTable) -> bool:
    # Some forms have one box "资金用途及绩效目标"; the goal filed there is a goal all the same.
    return "目标" in clean(table.purpose)


_NUMBERING = re.compile(r"^(?:\d+[.．、]?)?(?:目标内容)?\d*[.．、]?")
_FILLER = re.compile(r"^(?:保障|确保|推动|推进|完成|做好|落实|用于|支付|保证)")
_NAME_TAILS = ("经费", "费用", "费", "项目", "资金", "专项")


@register(
    code="R-COMPLETE-GOAL-NAME",
    source=sources.GOAL_CONTENT,
    group="完整性",
    title="绩效目标只是复述项目名称",
    severity=WARNING,
    reason="绩效目标应说明资金用于做什么、达到什么效果；只写项目名称（或“保障××经费”）不是目标。",
    example="项目“跨省通办及省内通办网络建设及设备费”的目标写“1.目标内容1 跨省通办及省内通办网络建设及设备费”。",
)
def check_goal_not_name(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    name = bare(table.name)
    if not name:
        return
    core = name
    for tail in _NAME_TAILS:
        if core.endswith(tail) and len(core) > len(tail) + 3:
            core = core[: -len(tail)]
            break
    for field in ("annual_goal", "period_goal"):
        goal = _NUMBERING.sub("", bare(getattr(table, field)), count=1)
        if not goal or core not in goal:
            continue
        rest = _FILLER.sub("", goal.replace(name, "", 1) if name in goal else goal.replace(core, "", 1))
        if len(rest) <= 2:
            label = "本年度绩效目标" if field == "annual_goal" else "实施期绩效目标"
            yield Hit(
                field,
                f"{label}“{getattr(table, field).strip()}”只是复述了项目名称。"
                f"请写明资金使用后要完成的产出（数量、质量、时效）和达到的效果。",
            )
            return
