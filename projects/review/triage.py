"""Triage: how much attention a submitted table needs, and why, from the rules' findings.

A finance bureau has a handful of reviewers for thousands of tables; the queue puts the
riskiest first.  The score is a plain sum of named parts so the reviewer can see why a
table ranks where it does, and the suggested 四性 grade is a starting point the reviewer
accepts or changes.  Pure functions over the document and its findings: no database.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from documents.rules import ERROR, INFO, WARNING, Finding

# Points per finding; an error blocks submission, so one that slipped through (the rules
# changed since) weighs most.
POINTS = {ERROR: 20, WARNING: 4, INFO: 1}
FINDINGS_CAP = 50  # many small warnings alone should not outrank errors or a copied, mispriced table
VAGUE_CAP = 20  # at 100% of rows vague
COPY_POINTS = 15
COST_POINTS = 10
MAX_SCORE = 100

VAGUE_RULES = ("R-VALUE-NO-NUMBER", "R-VALUE-VAGUE-NAME", "R-COMPLETE-VALUE", "R-COMPLETE-PLACEHOLDER")
COPY_RULES = ("R-CROSS-COPY", "R-COMPLETE-DUPLICATE-DESCRIPTION")
COST_RULES = ("R-MEANING-COST-OVER-BUDGET", "R-MEANING-COST-UNDER-BUDGET", "R-MEANING-COST-NOT-MONEY", "R-MONEY-SOURCES")

# The 四性 of 财预〔2015〕88号 / the Review aspects, and which rule groups speak to each.
ASPECT_GROUPS = {
    "completeness": ("完整性",),
    "relevance": ("结构", "指标含义", "跨表"),
    "appropriateness": ("资金", "历史对比"),
    "feasibility": ("指标值",),
}
# Score below which each grade is suggested (errors cap the grade at 中).
GRADE_LIMITS = (("优", 10), ("良", 30), ("中", 60))
LOWEST_GRADE = "差"


@dataclass(frozen=True)
class Risk:
    score: int
    reasons: list[str] = field(default_factory=list)  # "错误 2 条（+40）", biggest first
    grade: str = ""  # the suggested 四性 grade: 优/良/中/差

    def to_json(self) -> dict:
        return {"score": self.score, "reasons": self.reasons, "grade": self.grade}


def risk_of(*, findings: list[Finding], rows: int) -> Risk:
    """The risk of a table with `rows` indicator rows and these findings (cross-table ones included)."""
    counts = Counter(f.severity for f in findings)
    parts: list[tuple[int, str]] = []
    if counts[ERROR]:
        parts.append((counts[ERROR] * POINTS[ERROR], f"错误 {counts[ERROR]} 条"))
    minor = [(counts[s] * POINTS[s], f"{label} {counts[s]} 条") for s, label in ((WARNING, "警告"), (INFO, "提示")) if counts[s]]
    minor_points = sum(p for p, _ in minor)
    if minor_points > FINDINGS_CAP:
        # Keep the named parts but scale them into the cap, so the reasons still add up.
        minor = [(round(p * FINDINGS_CAP / minor_points), text) for p, text in minor]
    parts.extend(minor)
    vague_rows = {f.row for f in findings if f.code in VAGUE_RULES and f.row is not None}
    if rows and vague_rows:
        share = len(vague_rows) / rows
        parts.append((round(share * VAGUE_CAP), f"{round(share * 100)}% 的指标没有可考核的数值"))
    if any(f.code in COPY_RULES for f in findings):
        parts.append((COPY_POINTS, "指标与其他表雷同或描述照抄"))
    if any(f.code in COST_RULES for f in findings):
        parts.append((COST_POINTS, "成本指标或资金与预算数不符"))
    if not rows:
        parts.append((COST_POINTS * 2, "没有绩效指标"))
    parts = [(p, text) for p, text in parts if p > 0]
    parts.sort(key=lambda p: -p[0])
    score = min(MAX_SCORE, sum(p for p, _ in parts))
    reasons = [f"{text}（+{p}）" for p, text in parts]
    return Risk(score=score, reasons=reasons, grade=suggested_grade(score=score, errors=counts[ERROR]))


def suggested_grade(*, score: int, errors: int) -> str:
    for grade, limit in GRADE_LIMITS:
        if score < limit and not (errors and grade in ("优", "良")):
            return grade
    return LOWEST_GRADE


def aspect_notes(findings: list[Finding], *, rule_groups: dict[str, str]) -> dict[str, str]:
    """A suggested note per 四性 aspect: what the rules found there, or that they found nothing.

    `rule_groups` maps a rule code to its group (documents.rules.RULES), kept as an argument
    so this stays a plain function of its inputs.
    """
    notes = {}
    for aspect, groups in ASPECT_GROUPS.items():
        titles = Counter(_said(f) for f in findings if rule_groups.get(f.code) in groups and f.severity != INFO)
        if not titles:
            notes[aspect] = "审核规则未发现问题。"
            continue
        listed = list(titles)[:3]
        more = f"等{len(titles)}处" if len(titles) > 3 else ""
        notes[aspect] = "；".join(listed) + f"{more}。"
    return notes


def _said(finding: Finding) -> str:
    """A finding's first sentence, naming its indicator unless the sentence already does."""
    first = finding.message.split("。")[0]
    if finding.indicator and finding.indicator not in first:
        return f"“{finding.indicator}”：{first}"
    return first
