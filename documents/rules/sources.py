"""Where the review rules come from: the regulations a reviewer cites in an opinion.

A rule's `source` is "<document>：<what it requires>", so a finding can be quoted in a
审核意见 as it stands.  The documents are cited by number and title only (no article
numbers), which is how finance bureaus cite them in review opinions.
"""
from __future__ import annotations

# 四性 (指向明确、细化量化、合理可行、相应匹配) and what a goal must state.
GOALS_2015 = "财预〔2015〕88号《中央部门预算绩效目标管理办法》"
# The 成本/产出/效益/满意度 framework, indicator names, units, target values and their bases.
INDICATORS_2021 = "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》"
# The evaluation framework: weights of the 一级 indicators.
EVALUATION_2020 = "财预〔2020〕10号《项目支出绩效评价管理办法》"

DOCUMENTS = (GOALS_2015, INDICATORS_2021, EVALUATION_2020)


def cite(document: str, requirement: str) -> str:
    assert document in DOCUMENTS
    return f"{document}：{requirement}"


def source_title(source: str) -> str:
    """The document part of a source ("财预〔2015〕88号《…》"), '' when it names none."""
    document = source.split("：", 1)[0]
    return document if document in DOCUMENTS else ""


def source_number(source: str) -> str:
    """Just the document number, e.g. 财预〔2015〕88号, for tight places such as a table cell."""
    title = source_title(source)
    return title.split("《", 1)[0]


SPECIFIC = cite(GOALS_2015, "绩效目标应“指向明确”，与部门职能和项目内容相符，具体而不笼统")
QUANTIFIED = cite(GOALS_2015, "绩效目标应“细化量化”，以可衡量的绩效指标和指标值表述")
FEASIBLE = cite(GOALS_2015, "绩效目标应“合理可行”，经过调查研究和科学论证，既积极又可实现")
MATCHED = cite(GOALS_2015, "绩效目标应“相应匹配”，与预算确定的投入（资金量）相匹配")
GOAL_CONTENT = cite(GOALS_2015, "绩效目标应清晰反映预算资金的预期产出和效果")
FRAMEWORK = cite(INDICATORS_2021, "一级指标分为成本、产出、效益、满意度指标，二级、三级指标按指引设置")
OUTPUT = cite(INDICATORS_2021, "产出指标反映提供的公共产品和服务，包括数量、质量、时效指标")
COST = cite(INDICATORS_2021, "成本指标反映预期提供的产品和服务所需的成本，以金额表示，不超过预算")
SATISFACTION = cite(INDICATORS_2021, "满意度指标反映服务对象对提供的产品和服务的认可程度")
INDICATOR_NAME = cite(INDICATORS_2021, "指标名称应简洁明确，指标值单独填写，不写入名称")
UNIT = cite(INDICATORS_2021, "指标值应明确计量单位，单位与指标衡量的内容一致")
DIRECTION = cite(INDICATORS_2021, "指标值应标明方向：正向指标取“≥”，反向指标取“≤”")
BASIS = cite(INDICATORS_2021, "指标值应说明设定依据：历史标准、计划标准、行业标准或其他")
HISTORY = cite(INDICATORS_2021, "按历史标准取值的，参考上年实际完成值、近三年平均值等，目标应积极")
SHARES = cite(EVALUATION_2020, "一级指标权重原则上为产出50%、效益30%、满意度10%，预算执行率单列10%")
WEIGHTS = cite(EVALUATION_2020, "指标权重（分值）逐级分解，下级之和等于上级，全部合计100分")
