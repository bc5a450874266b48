"""Goal tables as documents: the plain GoalTable and one module per layout.

Nothing in this package touches the database.
"""
from .goaltable import (  # noqa: F401
    DepartmentDocument,
    Duty,
    DutyTask,
    GoalTable,
    IndicatorRow,
    Milestone,
    Section,
)
