"""The words of the forms: cleaning filed text, and recognising labels and column headings.

Real files come from Word tables converted from PDF, from other regions' templates and from
old Office versions, so a heading is compared by its *key*: full-width folded (NFKC),
traditional characters mapped to simplified, whitespace and punctuation dropped.  A unit in
brackets ("年预算安排资金（万元）") is split off as a hint for reading the amounts.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- cleaning filed text ---------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters a line break may fall between without standing for a space: Han, the CJK
# punctuation block and full-width forms, and brackets ("发放 (缴纳) 标准").  Curly quotes
# are left out: "“一窗受理” “一网通办”" is two slogans, and the space between them is filed.
_JOINABLE = _HAN + "\u3001-\u3003\u3008-\u3011\u3014-\u301b\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65()\\[\\]"
_SPACE = r"[\s\u3000\u00a0\u200b\ufeff]"
_JOIN_WORDS = re.compile(rf"(?<=[{_HAN}]){_SPACE}+(?=[{_JOINABLE}])|(?<=[{_JOINABLE}]){_SPACE}+(?=[{_HAN}])")
_JOIN_LINES = re.compile(rf"(?<=[{_HAN}])[ \t\u3000\u00a0]*\n{_SPACE}*(?=[{_HAN}])")
_RUNS = re.compile(rf"{_SPACE}+")
_STRIP = " \t\r\n\u3000\u00a0\u200b\ufeff"


def clean_words(text: str | None) -> str:
    """A short filed text (a name, a heading, a 指标值): words broken by line breaks or by the
    spaces of a PDF conversion are joined again ("工资发放精 准性" → "工资发放精准性"); a space
    between a number and a word stays ("≥95 百分比")."""
    if not text:
        return ""
    text = _JOIN_WORDS.sub("", text.strip(_STRIP))
    return _RUNS.sub(" ", text)


def clean_prose(text: str | None) -> str:
    """A long filed text (资金用途, 绩效目标, 工作活动): its own spaces and paragraphs stay; only a
    line break inside a word, between two Han characters, is dropped."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip(_STRIP)
    text = _JOIN_LINES.sub("", text)
    lines = [line.strip(_STRIP) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_code(text: str | None) -> str:
    """A project code broken by a line break or spaces ("13030322P0040891000 1D")."""
    joined = re.sub(rf"{_SPACE}+", "", unicodedata.normalize("NFKC", text or ""))
    if re.fullmatch(r"[0-9A-Za-z_\-.]+", joined):
        return joined
    return clean_words(text)


def no_space(text: str | None) -> str:
    return re.sub(rf"{_SPACE}+", "", text or "")


# --- keys ------------------------------------------------------------------------------------

# Traditional forms met in the headings of forms filed in traditional characters (and in
# headings typed with a traditional input method).  One character for one.
TRADITIONAL = str.maketrans(
    "標級預績項資單計說詳細確據準編碼數稱設實門職責務產滿質時經濟態續響對劃規財進總額個間"
    "術動參歷來構護維報電話聯係繫檔負簽號體達種類價評與從內預據開辦費填審覈環節義務屬性值應",
    "标级预绩项资单计说详细确据准编码数称设实门职责务产满质时经济态续响对划规财进总额个间"
    "术动参历来构护维报电话联系系档负签号体达种类价评与从内预据开办费填审核环节义务属性值应",
)
_KEY_DROP = re.compile(r"[\s\u3000\u00a0:;,.、，。：；*＊#\-—_'\"“”‘’]+")
_UNIT_HINT = re.compile(r"[(（\[【]\s*(?:单位\s*[:：]?\s*)?(万元|元|%|％)\s*[)）\]】]")


def to_simplified(text: str) -> str:
    return text.translate(TRADITIONAL)


@lru_cache(maxsize=65536)
def key(text: str | None) -> str:
    """The comparable form of a heading or label: "指標值（萬元）" and "指标值(万元)" match."""
    folded = to_simplified(unicodedata.normalize("NFKC", text or ""))
    return _KEY_DROP.sub("", folded)


@lru_cache(maxsize=65536)
def split_unit_hint(text: str | None) -> tuple[str, str]:
    """("年预算安排资金（万元）") → ("年预算安排资金", "万元"): the key without the unit, and the unit."""
    folded = to_simplified(unicodedata.normalize("NFKC", text or ""))
    found = _UNIT_HINT.search(folded)
    unit = ""
    if found:
        unit = found.group(1).replace("％", "%")
        folded = folded[: found.start()] + folded[found.end() :]
    return _KEY_DROP.sub("", folded), unit


# --- score in a category cell ------------------------------------------------------------------

_SCORE = re.compile(r"^(.*?)\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")


def strip_score(text: str) -> tuple[str, bool]:
    """"产出指标(50分)" → ("产出指标", True)."""
    found = _SCORE.match(text)
    if found and found.group(1):
        return found.group(1), True
    return text, False


# --- labels of the header block of a form -----------------------------------------------------

FORM_LABELS: dict[str, str] = {}


def _labels(field: str, *words: str) -> None:
    for word in words:
        FORM_LABELS[key(word)] = field


# The alias table: every way a region labels a field.  The next province's wording is a line
# here (or a word added to a line), not code: see the README, "导入新地区的表".
_labels("code", "项目编码", "项目代码", "项目编号")
_labels("name", "项目名称", "项目支出名称", "专项资金名称", "资金名称", "转移支付项目名称", "衔接资金项目名称",
        "项目(资金)名称", "转移支付(项目)名称", "转移支付名称", "专项名称", "政策名称", "政策(项目)名称")
_labels("department_label", "预算部门", "主管部门", "主管部门及代码", "地方主管部门", "主管单位")
# who oversees a transfer above the county: read, shown in the preview, not a field of the table
_labels("upper_department", "中央主管部门", "省级主管部门", "上级主管部门")
_labels("department_name", "部门名称", "部门(单位)名称")
_labels("unit", "单位名称", "预算单位", "实施单位", "项目实施单位")
_labels(
    "budget_total", "预算数", "项目预算", "年度本级预算金额", "年度预算金额", "预算金额", "项目预算数", "年度预算数",
    "项目总预算", "本年预算数", "年度资金总额", "项目资金总额", "资金总额", "年度预算", "预算资金",
    "全年预算数", "资金总额合计", "年度资金", "资金规模", "资金金额", "年度金额", "年度资金总额合计",
)
_labels("budget_executed", "全年执行数", "执行数", "实际支出数")
_labels("fiscal_funds", "其中财政资金", "财政资金", "其中财政拨款", "财政拨款", "本级财政资金", "地方资金",
        "本级资金", "其中当年财政拨款", "当年财政拨款", "地方财政资金")
_labels("other_funds", "其他资金", "其中其他资金")
_labels("superior_funds", "该项目支出上级资金", "上级资金", "上级补助资金", "上级补助", "其中中央补助", "中央补助",
        "中央资金", "上级财政资金", "其中上级资金", "其中中央资金", "中央财政资金")
_labels("period", "项目支出实施期", "项目实施期", "实施期", "实施周期")
_labels("period_goal", "实施期绩效目标", "实施期目标", "项目总体绩效目标", "总体绩效目标", "总体目标", "项目总目标",
        "中期目标", "长期目标", "中长期目标", "中期绩效目标", "长期绩效目标", "实施期总目标")
_labels("annual_goal", "绩效目标", "本年度绩效目标", "年度绩效目标", "年度目标", "整体绩效目标", "部门整体绩效目标",
        "年度总体目标", "本年度总体目标", "年度总目标", "年度整体目标", "年度绩效总目标", "预期目标", "年初目标",
        "年度预期目标", "绩效目标内容")
_labels("annual_goal_actual", "实际完成情况", "年度目标实际完成情况", "全年实际完成情况")
_labels("functions", "部门职能职责概述", "部门职能", "职能职责概述", "部门职责概述", "职责概述")
_labels("purpose", "资金用途", "项目资金用途", "主要用途")
_labels("purpose_block", "预算规模及资金用途", "项目资金及用途")
_labels("milestones", "资金支出计划", "资金支出进度计划", "支出计划")
_labels("budget_block", "年度预算申请", "年度预算申请总额")
_labels("money_block", "资金情况", "项目资金", "资金投入情况", "项目资金情况")  # a project's, stating the unit
# 部门整体 money under its own labels (资金总额 / 基本支出 / 项目支出, often multi-line and merged)
_labels("spending_basic", "基本支出", "其中基本支出")
_labels("spending_project", "项目支出", "其中项目支出")
_labels("income_general", "一般公共预算", "一般公共预算拨款", "其中一般公共预算")
_labels("income_gov_fund", "政府性基金拨款", "政府性基金")
_labels("income_special_nontax", "纳入专户管理的非税收入拨款", "纳入专户管理的非税收入")
_labels("filled_by", "填表人")
_labels("phone", "联系电话")
_labels("filled_on", "填报日期")

# The label that begins a form: a second one in the same segment starts the next table.
START_FIELDS = ("code", "name", "department_name")


_REMARK = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}年度?")


def _loose(bare: str) -> list[str]:
    """Other readings of a heading that is not in a table as written: without a trailing remark in
    brackets ("指标值（包含数字及计量单位）"), without a leading year ("2024年指标值")."""
    out = []
    cut = _REMARK.sub("", bare)
    if cut != bare and cut:
        out.append(cut)
    for text in (bare, cut):
        year = _YEAR_PREFIX.sub("", text)
        if year != text and year:
            out.append(year)
    return out


@lru_cache(maxsize=65536)
def form_label(text: str) -> tuple[str, str] | None:
    """The field a label cell names, and the unit it states ("预算数（元）" → ("budget_total", "元"))."""
    bare, unit = split_unit_hint(text)
    field = FORM_LABELS.get(bare)
    if field is None and len(bare) <= 40:
        field = next((FORM_LABELS[b] for b in _loose(bare) if b in FORM_LABELS), None)
    if field is None:
        return None
    return field, unit


# --- column headings of an indicator block -----------------------------------------------------

COLUMN_ROLES: dict[str, str] = {}
GROUP_HEADINGS: set[str] = set()


def _columns(role: str, *words: str) -> None:
    for word in words:
        COLUMN_ROLES[key(word)] = role


_columns("level1", "一级指标", "一级指标名称")
_columns("level2", "二级指标", "二级指标名称")
_columns("name", "三级指标", "三级指标名称", "指标内容", "指标名称", "绩效指标", "具体指标", "绩效指标名称", "三级指标内容")
_columns(
    "description", "绩效指标描述", "指标解释", "指标详细说明", "指标说明", "指标描述", "指标定义",
    "指标内涵", "指标含义",
)
_columns(
    "value", "指标值", "指标值及单位", "目标值", "绩效目标值", "年度指标值", "指标目标值", "年度目标值",
    "预期目标值", "目标值及单位", "指标值(含单位)", "年初目标值", "全年目标值", "预期指标值", "指标目标",
)
_columns("unit", "计量单位", "单位", "度量单位", "指标单位", "指标值单位")
# 指标性质 holds 正向/反向 in some regions and the comparator (≥ = ≤) in the budget systems' exports:
# "nature" is told by what each cell holds (parse_rows.indicator).
_columns("nature", "指标性质", "指标属性", "指标类型")
_columns("direction", "指标方向", "指标方向性", "方向性", "指标正反向", "正反向")
_columns("comparator", "方向", "比较方式", "比较符", "运算符号", "符号", "计算符号", "指标值符号")
_columns("weight", "权重", "分值", "指标权重", "权重(分值)", "指标分值")
_columns("actual", "实际完成值", "全年实际值", "实际值", "实际完成情况", "年度实际完成值", "完成值")
_columns("score", "得分", "自评得分", "评分")
_columns("deviation", "偏差原因分析及改进措施", "偏差原因", "偏差原因分析", "未完成原因", "偏差原因及改进措施",
         "未完成原因分析", "偏差原因分析及整改措施", "原因分析及改进措施")
_columns("basis", "指标值确定依据", "确定依据", "指标值设定依据", "指标设定依据", "目标值确定依据")
_columns("standard", "绩效标准", "评价标准")
# How a row is scored at the self-evaluation (财预〔2020〕10号), filed with the goal
_columns("scoring_standard", "评(扣)分标准", "评扣分标准", "评分标准", "扣分标准", "评分规则", "评分办法", "评分方法",
         "计分方法", "评分细则", "评(扣)分标准及方法", "评分标准及方法", "打分标准")
_columns("formula", "计算公式", "指标计算公式", "计算方法", "指标计算方法", "计算方式", "指标解释/计算公式",
         "指标解释及计算公式", "指标解释或计算公式", "计算公式/指标解释", "计算口径")
_columns("data_source", "数据来源", "指标数据来源", "数据来源及方式", "数据获取方式", "数据采集方式", "数据出处",
         "取数来源", "数据来源及采集方式", "佐证材料来源", "数据来源/佐证材料")
_columns("activity", "工作活动", "主要工作活动")
_columns("duty_seq", "职责序号")
_columns("duty_name", "部门职责", "职责名称")
_columns("task_goal", "职责目标")
_columns("ref_plan", "规划值")
_columns("ref_standard", "当年标准值", "标准值")
_columns("ref_avg3", "前三年均值", "前三年平均值")
_columns("ref_last_year", "上年值", "上年实际值")
_columns("source", "来源")
_columns("seq", "序号")
_columns("project_name", "项目名称", "专项资金名称", "资金名称", "项目支出名称")
_columns("project_budget", "年预算安排资金", "年度预算安排资金", "预算安排资金", "项目预算资金", "预算数", "预算金额",
         "项目预算", "年度预算数", "预算资金", "资金总额", "年度资金总额", "项目金额", "预算总额")
_columns("project_goal", "项目总体绩效目标", "总体绩效目标", "项目总目标", "总体目标", "中期目标", "长期目标")
_columns("project_annual_goal", "年度目标", "年度总体目标", "项目年度目标", "本年度目标", "年度绩效目标内容", "绩效目标",
         "项目绩效目标", "年度绩效目标值")
# the flat sheet 指标明细 of our own XLSX export: one row per indicator
_columns("year", "年度")
_columns("unit_code", "单位编码")
_columns("unit_name", "单位名称")
_columns("project_code", "项目编码", "项目代码", "项目编号")
_columns("value_text", "指标值(原文)")
_columns("term", "指标期限")
for _word in ("指标参考值", "项目年度绩效目标", "年度绩效目标", "本年度绩效指标", "年度绩效指标",
              "部门整体支出年度绩效指标", "绩效指标体系", "参考值"):
    GROUP_HEADINGS.add(key(_word))
# A heading over the 中期/长期 block, and the qualifier a column heading carries ("三级指标（长期）").
LONG_GROUPS = {key(w) for w in ("长期绩效指标", "中期绩效指标", "中长期绩效指标", "实施期绩效指标", "长期指标",
                                 "中期指标", "长期目标绩效指标", "中期目标绩效指标", "实施期目标绩效指标")}
_TERM_HINT = re.compile(r"[(（\[【]\s*(长期|中期|中长期|实施期|年度|本年度|当年)\s*[)）\]】]")
LONG_WORDS = ("长期", "中期", "中长期", "实施期")
# A column left of the indicators that only labels them ("绩效指标" merged down the grid): never data.
LABEL_COLUMN_WORDS = {key(w) for w in ("绩效指标", "年度绩效指标", "绩效目标", "指标", "项目绩效指标", "本年度绩效指标")}

# Roles that make a row an indicator heading row.
INDICATOR_ROLES = {"level1", "level2", "name", "description", "value", "unit", "comparator", "direction",
                   "nature", "basis", "standard", "activity", "duty_seq", "duty_name", "task_goal", "weight",
                   "actual", "score", "deviation", "scoring_standard", "formula", "data_source", "term"}
REQUIRED_FORM = ("level1", "level2", "name", "value")
REQUIRED_DUTY = ("name", "value")
ROLE_WORDS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标（或“指标内容”）",
    "value": "指标值（或“指标值及单位”“目标值”）",
}


_TERM_PREFIX = re.compile(r"^(中长期|长期|中期|实施期)(?=.)")


def column_term(text: str | None) -> str | None:
    """"三级指标（长期）", "中期指标值" → "长期"; "指标值（年度）" → ""; None when the heading says no term."""
    folded = to_simplified(unicodedata.normalize("NFKC", text or ""))
    found = _TERM_HINT.search(folded)
    if found:
        return "长期" if found.group(1) in LONG_WORDS else ""
    bare = _KEY_DROP.sub("", folded)
    prefix = _TERM_PREFIX.match(bare)
    if prefix and COLUMN_ROLES.get(bare[prefix.end():]) and bare not in COLUMN_ROLES:
        return "长期"
    return None


@lru_cache(maxsize=65536)
def column_role(text: str) -> str | None:
    """The role of a column heading ("指標值" → "value"); None for other words."""
    bare, _unit = split_unit_hint(_TERM_HINT.sub("", to_simplified(unicodedata.normalize("NFKC", text or ""))))
    role = COLUMN_ROLES.get(bare)
    if role is None and len(bare) <= 40:
        role = next((COLUMN_ROLES[b] for b in _loose(bare) if b in COLUMN_ROLES), None)
    if role is None and (prefix := _TERM_PREFIX.match(bare)):  # "中期指标值", "长期三级指标"
        role = COLUMN_ROLES.get(bare[prefix.end():])
    if role is not None:
        return role
    if bare.startswith("标准值") and len(bare) > 3:  # 标准值（规划目标、行业标准或其他明确标准）
        return "group_standard"
    if bare.startswith("历史值"):
        return "group_history"
    if bare in LONG_GROUPS:
        return "group_long"
    if bare in GROUP_HEADINGS:
        return "group"
    return None


def heading_unit(text: str) -> str:
    return split_unit_hint(text)[1]
