"""Values: is each target a number in a unit that fits, on the side that fits?"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from documents.goaltable import DIRECTION_NEGATIVE, DIRECTION_POSITIVE, GoalTable, IndicatorRow
from documents.rules.base import Hit

from . import sources
from .base import WARNING, register, row_hit
from .measures import (
    DURATION,
    EQ,
    GE,
    LE,
    RATE,
    bare,
    clean,
    direction_of,
    display,
    fraction_meant_as_percent,
    indexed_rows,
    is_cost_row,
    is_count_name,
    is_count_unit,
    is_growth_name,
    is_money_unit,
    is_negative_measure,
    is_percent,
    is_positive_measure,
    is_rate_name,
    is_satisfaction_name,
    is_time_unit,
    lost_comparator,
    measure_kind,
    names_a_measure,
    placeholder_in,
    row_label,
    target_of,
)
from .taxonomy import Taxonomy

HUNDRED = Decimal(100)
VAGUE_WORDS = (
    "提高", "提升", "改善", "加强", "增强", "进一步", "有所", "明显", "逐步", "不断", "持续", "显著", "大幅",
    "优化", "完善", "促进", "推动", "增加", "减少", "降低", "较好", "较大", "一定程度",
)
# A value that is only a word of praise says no more than 提高: 好, 良好, 优秀 … cannot be checked.
PRAISE_ALONE = ("好", "很好", "良好", "较好", "优", "优良", "优秀", "高", "较高", "很高", "强", "较强")
_PUNCTUATION = "。.，,；;！!、 "
_CHANGE_VERBS = ("提高", "提升", "改善", "加强", "增强", "降低", "减少", "优化", "完善", "扩大")
# Words that follow a change verb without naming anything measurable (提高效率, 提升质量).
_GENERIC_AIMS = ("效率", "质量", "水平", "能力", "素质", "服务质量", "工作效率", "服务水平", "效能")


def _expects_number(row: IndicatorRow) -> bool:
    name = bare(row.name)
    return is_rate_name(name) or is_count_name(name) or is_satisfaction_name(name) or measure_kind(row) == DURATION


@register(
    code="R-VALUE-NO-NUMBER",
    source=sources.QUANTIFIED,
    group="指标值",
    title="指标值没有明确的数值或只有模糊的词",
    severity=WARNING,
    reason="“提高”“改善”“加强”之类的词无法在年终判断是否完成；比率、数量、时间类指标必须给出具体数值。",
    example="“群众办事满意度”的指标值写“明显提高”。",
)
def check_value_has_number(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        text = clean(target.text)
        if target.number is not None or not text or is_cost_row(row) or placeholder_in(text):
            continue  # a placeholder (≥**%) is R-COMPLETE-PLACEHOLDER's
        vague = [w for w in VAGUE_WORDS if w in text]
        if text.strip(_PUNCTUATION) in PRAISE_ALONE:
            vague = [text.strip(_PUNCTUATION)]
        if any(ch.isdigit() for ch in text):
            # Digits the value grammar would not take as one target: a range such as 90%-95%.
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}的指标值“{text}”读不出一个明确的目标值（如写成了区间）。"
                f"请只写一个目标值，如“≥90%”。",
            )
        elif vague:
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}的指标值“{text}”只有“{vague[0]}”这类模糊的说法，无法考核。"
                f"请改为具体数值，如“≥95%”“≤3个工作日”“≥20件”。",
            )
        elif _expects_number(row):
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}是需要数值的指标，但指标值“{text}”没有数字。请填写具体数值和单位，如“≥95%”。",
            )


@register(
    code="R-VALUE-VAGUE-NAME",
    source=sources.QUANTIFIED,
    group="指标值",
    title="三级指标写成了工作方向而不是衡量内容",
    severity=WARNING,
    reason="“提高××素质”“减少××成本”这类名称说的是努力方向，配上“≥30%”后看不出是比率本身还是变化幅度，年终无法核实。",
    example="三级指标“提高窗口工作人员素质”，指标值“≥30%”。",
)
def check_name_is_measurable(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        name = bare(row.name)
        verb = next((v for v in _CHANGE_VERBS if name.startswith(v)), None)
        if not verb or is_cost_row(row):
            continue  # cost rows are R-MEANING-COST-NOT-MONEY's to report
        aim = name[len(verb):]
        if aim.endswith(_GENERIC_AIMS) or not (names_a_measure(aim) or names_a_measure(row.description)):
            yield row_hit(
                index, row, "name",
                f"三级指标“{name}”说的是工作方向（{verb}……），不是可以计量的内容。"
                f"请改为可核实的指标，如“××合格率”“××同比{verb}率”，并给出对应的指标值。",
            )


@register(
    code="R-VALUE-RATE-100",
    source=sources.FEASIBLE,
    group="指标值",
    title="比率写成“≥100%”",
    severity=WARNING,
    reason="比率最多是100%，“≥100%”实际只能是“=100%”，说明目标值没有经过推敲。",
    example="“培训合格率”的指标值写“≥100%”。",
)
def check_rate_not_at_least_100(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        if (
            not is_cost_row(row)
            and target.sense == GE
            and target.number == HUNDRED
            and is_percent(target.unit)
            and not is_growth_name(clean(row.name))
        ):
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}的指标值“{display(target)}”：比率不会超过100%，“≥100%”应写作“=100%”；"
                f"如果达不到全部，请写实际可达到的值，如“≥98%”。",
            )


@register(
    code="R-VALUE-RATE-OVER-100",
    source=sources.FEASIBLE,
    group="指标值",
    title="比率超过100%",
    severity=WARNING,
    reason="合格率、覆盖率、完成率、满意度等比率不可能超过100%；超过说明单位或数值填错了。",
    example="“培训对象覆盖率”的指标值写“≥120%”。",
)
def check_rate_not_over_100(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        name = clean(row.name)
        if (
            not is_cost_row(row)
            and target.number is not None
            and target.number > HUNDRED
            and target.sense in (GE, EQ, None)
            and is_percent(target.unit)
            and (is_rate_name(name) or is_satisfaction_name(name))
            and not is_growth_name(name)
            and lost_comparator(target) is None  # R-VALUE-LOST-COMPARATOR says what was meant
        ):
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}是比率，指标值“{display(target)}”超过了100%。请核对数值和单位，比率最高为100%。",
            )


@register(
    code="R-VALUE-UNIT-KIND",
    source=sources.UNIT,
    group="指标值",
    title="计量单位与考核内容不符",
    severity=WARNING,
    reason="单位要与指标衡量的东西一致：覆盖率、完成率等比率用%，时间、时长、时效用天、小时等时间单位，"
    "“按时”“及时”类用比例或期限，满意度用%或分。",
    example="“全面拓展电子营业执照应用场景”（描述为扩大覆盖面）的指标值写“≥90天”；“按时发放”写“≥1人/年”。",
)
def check_unit_fits_measure(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        unit = clean(target.unit)
        if target.number is None or not unit or is_cost_row(row):
            continue
        kind = measure_kind(row) or _timely_or_satisfied(row)
        shown = display(target)
        if kind == RATE and (is_time_unit(unit) or is_count_unit(unit) or is_money_unit(unit)):
            yield row_hit(
                index, row, "unit",
                f"{row_label(index, row)}考核的是比率或覆盖面，指标值却是“{shown}”（单位“{unit}”）。"
                f"请改用百分比（如“≥90%”）；如果要考核的是{unit}数，请把指标名称和描述改成相应的内容。",
            )
        elif kind == TIMELY and (is_count_unit(unit.split("/")[0]) or is_money_unit(unit)):
            yield row_hit(
                index, row, "unit",
                f"{row_label(index, row)}考核的是是否按时，指标值却是“{shown}”（单位“{unit}”），数了人或物而没有衡量按时与否。"
                f"请改为按时完成的比例（如“按时发放率=100%”）或期限（如“每月10日前”）。",
            )
        elif kind == SATISFIED and (is_count_unit(unit.split("/")[0]) or is_time_unit(unit)):
            yield row_hit(
                index, row, "unit",
                f"{row_label(index, row)}考核的是满意程度，指标值却是“{shown}”（单位“{unit}”）。"
                f"请改用百分比（如“≥90%”）或评分（如“≥90分”）。",
            )
        elif kind == DURATION and is_percent(unit):
            yield row_hit(
                index, row, "unit",
                f"{row_label(index, row)}考核的是时间，指标值却是“{shown}”（百分比）。"
                f"请改用时间单位（如“≤3个工作日”“≤0.5小时”）；如果要考核按时完成的比例，请把名称改为“××及时率”。",
            )


TIMELY = "timely"
SATISFIED = "satisfied"
_TIMELY_WORDS = ("按时", "及时", "准时", "按期", "如期", "限时")


def _timely_or_satisfied(row: IndicatorRow) -> str | None:
    name = bare(row.name)
    if any(w in name for w in _TIMELY_WORDS):
        return TIMELY
    if is_satisfaction_name(name) and not is_count_name(name):
        return SATISFIED
    return None


@register(
    code="R-VALUE-LOST-COMPARATOR",
    group="指标值",
    title="“≥”在转换中变成了“2”",
    severity=WARNING,
    reason="从PDF或扫描件转换的表格常把“≥”识别成数字“2”：“≥90%”成了“290%”。这样的比率既不可能达到，也丢了比较方向。",
    example="“培训合格率”的指标值写“290%”，原意是“≥90%”。",
    source=sources.QUANTIFIED,
)
def check_comparator_not_lost(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        meant = lost_comparator(target)
        if meant and not is_growth_name(clean(row.name)) and not is_cost_row(row):
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}的指标值“{display(target)}”不像真实的目标，多半是“{meant}”的“≥”在转换中变成了“2”。"
                f"请改为“{meant}”（或实际要求的值）。",
            )


@register(
    code="R-VALUE-FRACTION",
    group="指标值",
    title="比率写成了小数",
    severity=WARNING,
    reason="合格率、满意度等比率以百分比考核；写成“0.95”或“0.95%”，年终会被读成不到1%的目标。",
    example="“验收合格率”的指标值写“≥0.98”。",
    source=sources.UNIT,
)
def check_rate_not_fraction(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        meant = fraction_meant_as_percent(row, target)
        if meant and not is_cost_row(row):
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}的指标值“{display(target)}”是小数，比率应写成百分比。请改为“{meant}”。",
            )


def _conflicts(direction: str, sense: str | None) -> bool:
    return (direction == DIRECTION_POSITIVE and sense == LE) or (direction == DIRECTION_NEGATIVE and sense == GE)


@register(
    code="R-VALUE-DIRECTION",
    source=sources.DIRECTION,
    group="指标值",
    title="指标性质与指标值方向矛盾",
    severity=WARNING,
    reason="正向指标越大越好，目标应写“≥”；反向指标越小越好，目标应写“≤”。两者矛盾时无法判断是否完成。",
    example="指标性质为“正向”，方向却选“小于等于”。",
)
def check_direction_matches_comparator(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        direction = direction_of(row)
        target = target_of(row)
        if not _conflicts(direction, target.sense):
            continue
        if direction == DIRECTION_POSITIVE:
            fix = "越大越好请把方向改为“大于等于（≥）”；越小越好请把指标性质改为“反向”。"
        else:
            fix = "越小越好请把方向改为“小于等于（≤）”；越大越好请把指标性质改为“正向”。"
        yield row_hit(
            index, row, "direction",
            f"{row_label(index, row)}的指标性质是“{direction}”，指标值却是“{display(target)}”。{fix}",
        )


@register(
    code="R-VALUE-COMPARATOR-MEANING",
    source=sources.DIRECTION,
    group="指标值",
    title="比较方向与指标含义相反",
    severity=WARNING,
    reason="满意度、覆盖率、合格率等越高越好，不应设上限（≤）；用水量、用电量、故障、投诉、成本等越低越好，不应只设下限（≥）或标为正向。",
    example="“年度用水量”标为正向、大于等于2500立方米；“设施运维机制健全性”写“≤90%”。",
)
def check_comparator_fits_meaning(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        if is_cost_row(row):
            continue  # cost rows are R-MEANING-COST-NOT-MONEY's to report
        target = target_of(row)
        direction = direction_of(row)
        if _conflicts(direction, target.sense):
            continue  # R-VALUE-DIRECTION reports the contradiction first
        name = bare(row.name)
        shown = display(target)
        # A "positive" name in days or months (支出进度≤12月) states a deadline, not a cap.
        if (
            is_positive_measure(name)
            and not is_time_unit(target.unit)
            and (target.sense == LE or direction == DIRECTION_NEGATIVE)
        ):
            yield row_hit(
                index, row, "value_text",
                f"{row_label(index, row)}越高越好，指标值却是“{shown}”{'、指标性质为反向' if direction == DIRECTION_NEGATIVE else ''}，"
                f"等于给它设了上限。请改为“≥”加目标值（如“≥90%”）{'，指标性质改为正向' if direction else ''}。",
            )
        elif is_negative_measure(name) and (target.sense == GE or direction == DIRECTION_POSITIVE):
            said = "、".join(
                part
                for part in (
                    "指标性质为正向" if direction == DIRECTION_POSITIVE else "",
                    f"指标值为“{shown}”" if target.sense == GE else "",
                )
                if part
            )
            yield row_hit(
                index, row, "value_text" if target.sense == GE else "direction",
                f"{row_label(index, row)}越低越好（消耗、成本、故障、投诉类），但{said}。"
                f"请改为“≤”加控制目标{'，指标性质改为反向' if direction else ''}。",
            )
