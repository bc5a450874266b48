"""Standard review-opinion phrases (审核意见常用语) a reviewer picks instead of typing.

Grouped the way review opinions are written: per 四性 aspect of 财预〔2015〕88号, then the
conclusion.  Plain data: the review page offers them, the opinion letter quotes what was kept.
"""
from __future__ import annotations

PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "完整性",
        (
            "绩效目标和指标要素齐全，填报完整。",
            "缺少成本指标（或满意度指标），请按指标体系补充。",
            "产出指标缺少数量、质量或时效指标，请补充。",
            "部分指标未填写指标值或计量单位，请补充完整。",
        ),
    ),
    (
        "相关性",
        (
            "绩效指标与项目内容和资金用途紧密相关。",
            "部分指标与本项目资金用途无关，请删除或替换为反映本项目产出和效果的指标。",
            "指标与其他项目雷同，请按本项目的资金用途重新设置。",
            "满意度指标放错位置或未衡量满意程度，请调整。",
        ),
    ),
    (
        "适当性",
        (
            "指标值与预算资金量相匹配，设置适当。",
            "成本指标与预算数不一致，请核对金额和单位。",
            "目标值低于上年实际完成值或历史平均水平，请提高目标或说明理由。",
            "资金支出计划与预算数不符，请调整。",
        ),
    ),
    (
        "可行性",
        (
            "目标明确、可衡量、可考核，能够实现。",
            "部分指标值为“提高”“加强”等定性描述，无法考核，请改为具体数值。",
            "比率类指标值超过100%或写作“≥100%”，请核实。",
            "目标值偏高，缺乏依据，请说明测算依据或调整。",
        ),
    ),
    (
        "结论",
        (
            "同意该绩效目标。",
            "原则同意，请按审核意见修改完善后报送。",
            "请按上述意见逐项修改后重新提交。",
        ),
    ),
)


def all_phrases() -> list[str]:
    return [phrase for _, phrases in PHRASES for phrase in phrases]
