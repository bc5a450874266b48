"""Reading what an indicator measures from its name, and its target from its value.

Chinese indicator names put the thing measured last (…覆盖率, …响应时间, …运维费用), so
most of the guesses below look at how a name ends.  Every list here errs on the side
of saying nothing: a rule that guesses wrong loses the reviewer's trust.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from documents.amounts import plain_text
from documents.goaltable import DIRECTION_NEGATIVE, DIRECTION_POSITIVE, GoalTable, IndicatorRow
from documents.values import is_percent_unit, parse_value

_SPACE = re.compile(r"[\s\u3000]+")
_TRAILING_PUNCT = "。．.，,；;：:！!、"


def clean(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def bare(text: str | None) -> str:
    """`clean` without trailing punctuation, for comparing and for reading how a text ends."""
    return clean(text).rstrip(_TRAILING_PUNCT)


# --- what is measured -------------------------------------------------------------

RATE = "rate"
DURATION = "duration"

_RATE_ENDINGS = ("率", "占比", "比例", "比重", "覆盖面")
# Ends in 率 but is no share of a whole: 巡检频率 ≥2次 and 网络速率 ≥100Mbps are fine.
_NOT_SHARES = ("频率", "效率", "功率", "汇率", "税率", "利率", "费率", "倍率", "速率", "容积率")
# Rates, degrees and qualities of which more is better.  Deliberately a list: 离职率 or
# 机房温度 capped with ≤ are right, and must not be called "capped from above".
_POSITIVE_ENDINGS = (
    "满意率", "好评率", "覆盖率", "覆盖面", "合格率", "达标率", "完成率", "完好率", "及时率", "准确率",
    "正确率", "到位率", "执行率", "知晓率", "办结率", "可办率", "网办率", "运行率", "利用率", "使用率",
    "通过率", "验收率", "受益率", "参与率", "普及率", "入驻率", "上线率", "兑现率", "落实率", "出勤率",
    "响应率", "回访率", "解决率", "处置率", "整改率", "采纳率", "在线率", "可用率", "完整率", "精准率",
    "满意度", "进度", "完成度", "知晓度", "知名度", "活跃度", "覆盖度", "认可度", "认同度", "参与度",
    "透明度", "精准度", "准确度", "完好度", "完整度", "熟悉度", "便利度", "便捷度", "规范度", "信任度",
    "美誉度", "达标度", "满足度", "支持度", "配合度", "落实度",
    "性",  # 健全性, 及时性, 稳定性…; the few bad ones (依赖性, 盲目性) are negative words
)
_DURATION_ENDINGS = ("时间", "时长", "时效", "时限", "周期", "用时", "耗时", "工期")
_COUNT_ENDINGS = ("数", "数量", "量", "次数", "件数", "项数", "人数", "人次", "额", "面积", "户数")
_SATISFACTION = ("满意", "好评")
# Words that show a row asks about satisfaction at all (a 满意度 row should contain one).
SATISFACTION_WORDS = ("满意", "好评", "评价", "认可", "认同", "获得感", "幸福感", "投诉", "差评", "评议", "口碑", "信任")

# Things of which less is better.  A reversing word (节约…, 排除…) turns them around:
# 故障率 is negative, 故障排除率 is not.
_NEGATIVE_WORDS = (
    "故障", "投诉", "差错", "错误", "失误", "事故", "不合格", "不达标", "违规", "违法", "逾期", "超期",
    "超时", "延误", "积压", "缺陷", "损耗", "消耗", "能耗", "用水", "用电", "用气", "耗水", "耗电", "排放",
    "成本", "费用", "流失", "空置", "闲置", "返工", "退件", "偏差", "误差", "差评", "发生次数", "发生率",
    "事件数", "浓度", "噪声", "噪音", "污染", "负担", "风险", "依赖", "随意", "盲目", "离职", "辍学",
    "发病", "死亡", "失业", "返贫", "误判", "驳回", "超标", "漏检", "违约", "拥堵",
)
_REVERSING_WORDS = (
    "节约", "节省", "节能", "节电", "节水", "节支", "降低", "减少", "减排", "减免", "下降", "压缩", "控制",
    "排除", "处理", "处置", "修复", "解决", "化解", "办结", "整改", "响应", "回复", "避免", "防止", "杜绝",
    "防控", "防范", "预防",
)
# Rates that may legitimately reach or pass 100%.
_GROWTH_WORDS = ("增长", "增幅", "增速", "增加", "提高", "提升", "上升", "同比", "环比", "比上年", "较上年", "倍")


def measure_kind(row: IndicatorRow) -> str | None:
    """RATE or DURATION when the name (or, failing that, the description) says so."""
    for text in (row.name, row.description):
        kind = _kind_of(bare(text))
        if kind:
            return kind
    return None


def _kind_of(text: str) -> str | None:
    if text.endswith(_NOT_SHARES):
        return None
    if text.endswith(_RATE_ENDINGS) or "覆盖率" in text:
        return RATE
    if text.endswith(_DURATION_ENDINGS):
        return DURATION
    return None


_MEASURE_ENDINGS = _RATE_ENDINGS + _DURATION_ENDINGS + _COUNT_ENDINGS + ("度", "指数", "得分", "分值", "天数")


def names_a_measure(text: str) -> bool:
    """The text ends in something that can be counted or rated (…率, …数量, …时间, …满意度)."""
    text = bare(text)
    return text.endswith(_MEASURE_ENDINGS) and not text.endswith("质量")


def is_rate_name(name: str) -> bool:
    return _kind_of(bare(name)) == RATE


def is_count_name(name: str) -> bool:
    text = bare(name)
    return text.endswith(_COUNT_ENDINGS) and not text.endswith("质量")


def is_growth_name(name: str) -> bool:
    return any(w in name for w in _GROWTH_WORDS)


def is_satisfaction_name(name: str) -> bool:
    return any(w in name for w in _SATISFACTION)


# How far from the end of a name a negative word still names what is measured: 系统故障率,
# 群体性事件发生次数, 年度用水量 — but not 水电费用资金到位率, where 费用 only qualifies.
_HEAD_WINDOW = 6


def is_negative_measure(name: str) -> bool:
    """Less is better: consumption, cost, failures, complaints (and nothing reverses it)."""
    text = bare(name)
    head = text[-_HEAD_WINDOW:]
    return any(w in head for w in _NEGATIVE_WORDS) and not any(w in text for w in _REVERSING_WORDS)


def is_positive_measure(name: str) -> bool:
    """More is better: a rate, degree or quality (…率, …满意度, …健全性) of nothing bad."""
    text = bare(name)
    if is_negative_measure(text):
        return False
    return text.endswith(_POSITIVE_ENDINGS) or is_satisfaction_name(text)


# --- comparators and directions ----------------------------------------------------

GE, LE, EQ = "ge", "le", "eq"
_SENSES = {
    "≥": GE, ">=": GE, "＞＝": GE, "≧": GE, ">": GE, "＞": GE, "大于等于": GE, "大于": GE, "不低于": GE, "不少于": GE,
    "≤": LE, "<=": LE, "＜＝": LE, "≦": LE, "<": LE, "＜": LE, "小于等于": LE, "小于": LE, "不高于": LE, "不超过": LE,
    "=": EQ, "＝": EQ, "等于": EQ,
}
COMPARATOR_SYMBOLS = {GE: "≥", LE: "≤", EQ: "="}
COMPARATOR_NAMES = {GE: "大于等于（≥）", LE: "小于等于（≤）", EQ: "等于（=）"}


def sense(comparator: str) -> str | None:
    return _SENSES.get(clean(comparator))


def direction_of(row: IndicatorRow) -> str:
    """正向 / 反向 as filed, '' when the layout has no such column."""
    text = clean(row.direction)
    if text.startswith(DIRECTION_POSITIVE):
        return DIRECTION_POSITIVE
    if text.startswith(DIRECTION_NEGATIVE):
        return DIRECTION_NEGATIVE
    return ""


# --- units -------------------------------------------------------------------------

TIME_UNITS = {"天", "日", "小时", "分钟", "秒", "周", "月", "个月", "年", "工作日", "个工作日", "h", "min"}
COUNT_UNITS = {
    "个", "人", "件", "次", "项", "家", "份", "台", "套", "户", "人次", "场", "批", "名", "篇", "期", "条", "本",
    "册", "所", "座", "辆", "张", "处", "万人", "万件", "万个", "万份", "万户", "万人次",
}
_MONEY_SCALE = {  # to 万元
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "万": Decimal(1),  # in a money context 万 is 万元, as in Shanhaiguan's "≤7 万"
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}
# A multiplier in front of a unit, as in 4.09万件 or 340万平方米.
_MULTIPLIERS = (
    ("万亿", Decimal(10) ** 12),
    ("千万", Decimal(10) ** 7),
    ("百万", Decimal(10) ** 6),
    ("十万", Decimal(10) ** 5),
    ("亿", Decimal(10) ** 8),
    ("万", Decimal(10) ** 4),
)
_PERCENT_UNITS = {"%", "％", "百分比", "百分率", "百分之"}


def is_percent(unit: str) -> bool:
    unit = clean(unit)
    return unit in _PERCENT_UNITS or is_percent_unit(unit)


def is_time_unit(unit: str) -> bool:
    return clean(unit) in TIME_UNITS


def is_count_unit(unit: str) -> bool:
    return clean(unit) in COUNT_UNITS


def is_money_unit(unit: str) -> bool:
    """万元, 元, 亿元 … and amounts per something (元/人, 万元/年)."""
    return clean(unit).split("/")[0] in _MONEY_SCALE


def to_wan_yuan(number: Decimal, unit: str) -> Decimal | None:
    """The amount in 万元; None for a unit that is no total amount (元/人 is a price)."""
    scale = _MONEY_SCALE.get(clean(unit))
    return None if scale is None else number * scale


def comparable(number: Decimal, unit: str) -> tuple[Decimal, str]:
    """(number, unit) with percent spellings unified and 万/亿 multipliers folded in."""
    unit = clean(unit)
    if is_percent(unit):
        return number, "%"
    if unit in _MONEY_SCALE:
        return number * _MONEY_SCALE[unit], "万元"
    for prefix, factor in _MULTIPLIERS:
        if unit.startswith(prefix):
            return number * factor, unit[len(prefix):]
    return number, unit


# --- targets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    comparator: str
    number: Decimal | None
    unit: str
    text: str
    prefix: str = ""  # words before the number, e.g. 新增 in 新增20个

    @property
    def sense(self) -> str | None:
        return sense(self.comparator)


def parse(text: str) -> Target:
    text = text or ""
    if not clean(text):
        return Target("", None, "", text)
    parsed = parse_value(text)
    return Target(
        parsed.comparator or "",
        parsed.number,
        parsed.unit or "",
        text,
        clean(parsed.prefix),
    )


def target_of(row: IndicatorRow) -> Target:
    """The row's target: the parsed fields when filled in, else the filed text parsed now."""
    if row.value is not None or row.comparator or row.unit:
        return Target(row.comparator, row.value, row.unit, row.value_text)
    return parse(row.value_text)


def display(target: Target) -> str:
    """The target as a reviewer would write it, with its comparator even when the layout
    keeps the comparator in another column (Fuzhou's 方向)."""
    text = " ".join((target.text or "").split())
    if target.number is None:
        return text
    symbol = COMPARATOR_SYMBOLS.get(target.sense or "", "")
    if text and (not symbol or any(s in text for s in "≥≤=<>＞＜＝")):
        return text
    return f"{symbol}{plain_text(target.number)}{clean(target.unit)}"


# ** / ＊＊ / ×× / XX / ○○ / □ / ★ ☆ / 某某: what templates put where a number or name goes.
_PLACEHOLDER = re.compile(r"[*＊]{2,}|[×xXＸ]{2,}|[○□■△▲]{2,}|[★☆□]|某某|\?{2,}|？{2,}")


def placeholder_in(text: str) -> str | None:
    """The template placeholder left in `text` (** / ×× / ★ …), or None."""
    match = _PLACEHOLDER.search(clean(text))
    return match.group(0) if match else None


# --- targets that were filed in a shape other than meant ------------------------------

_HUNDRED = Decimal(100)


def lost_comparator(target: Target) -> str | None:
    """`≥90%` for a `290%` whose ≥ turned into a 2 when the file was converted, else None."""
    if target.number is None or target.sense is not None or not is_percent(target.unit):
        return None
    if any(s in (target.text or "") for s in "≥≤<>＜＞=＝"):
        return None
    digits = plain_text(target.number)
    if target.number <= _HUNDRED or not digits.startswith("2") or len(digits) < 3:
        return None
    rest = Decimal(digits[1:])
    if not Decimal(0) < rest <= _HUNDRED or digits[1] == "0" and rest != _HUNDRED:
        return None
    return f"≥{plain_text(rest)}%"


def fraction_meant_as_percent(row: IndicatorRow, target: Target) -> str | None:
    """`≥95%` for a rate filed as the fraction 0.95 (no unit, or a `%` after it), else None."""
    name = bare(row.name)
    if target.number is None or not Decimal(0) < target.number < 1 or target.sense == LE:
        return None
    if not (is_rate_name(name) or is_satisfaction_name(name)) or not is_positive_measure(name) or is_growth_name(name):
        return None
    unit = clean(target.unit)
    if unit and not is_percent(unit):
        return None
    symbol = COMPARATOR_SYMBOLS.get(target.sense or "", "≥")
    return f"{symbol}{plain_text(target.number * _HUNDRED)}%"


# --- rows --------------------------------------------------------------------------


def indexed_rows(table: GoalTable) -> list[tuple[int, IndicatorRow]]:
    return list(enumerate(table.all_indicators()))


def row_label(index: int, row: IndicatorRow) -> str:
    name = clean(row.name)
    return f"第{index + 1}行“{name}”" if name else f"第{index + 1}行"


def is_cost_row(row: IndicatorRow) -> bool:
    """A row that should state an amount of money: 经济成本指标, or 成本指标 in the older schemes."""
    level1, level2 = clean(row.level1), clean(row.level2)
    if level2.startswith(("社会成本", "生态环境成本", "生态成本")):
        return False
    return level2.startswith(("成本", "经济成本")) or level1.startswith("成本")


def is_satisfaction_row(row: IndicatorRow) -> bool:
    """The row sits in the satisfaction part of the tree (满意度指标, 服务对象满意度指标…)."""
    return "满意" in clean(row.level1) or "满意" in clean(row.level2)
