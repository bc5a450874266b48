"""Building GoalTables in tests: the one row builder and the quarterly spending plan.

The rule tests (rules/rulekit.py) build well-formed tables with them, the import tests
(test_import_seedlike.py) the tables a parser must read, and tests/base.py its sample table.
"""
from __future__ import annotations

from decimal import Decimal

from documents.goaltable import IndicatorRow, Milestone
from documents.values import parse_value

QUARTER_ENDS = (("3月底", 3), ("6月底", 6), ("10月底", 10), ("12月底", 12))
_READ = object()  # not given: read from the value text


def row(
    level1: str, level2: str, name: str, value_text: str, *, description: str | None = None,
    comparator: object = _READ, value: object = _READ, unit: object = _READ, **more: object,
) -> IndicatorRow:
    """An indicator row; `description` defaults to the name.

    comparator, value and unit not given are read from `value_text` by the value grammar, the way
    the demo loads a row; an import test gives them, to say what the parser itself must read.
    """
    parsed = parse_value(value_text)
    return IndicatorRow(
        level1=level1,
        level2=level2,
        name=name,
        description=name if description is None else description,
        comparator=parsed.comparator if comparator is _READ else comparator,
        value=parsed.number if value is _READ else (None if value is None else Decimal(str(value))),
        unit=parsed.unit if unit is _READ else unit,
        value_text=value_text,
        **more,
    )


def quarterly(*values: str | int) -> list[Milestone]:
    """资金支出计划 at 3月底, 6月底, 10月底 and 12月底, each figure as filed ("2000.00" keeps its scale)."""
    assert len(values) == len(QUARTER_ENDS)
    return [Milestone(label, month, Decimal(str(v))) for (label, month), v in zip(QUARTER_ENDS, values)]
