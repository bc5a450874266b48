"""Goal tables as documents: the plain GoalTable and one module per layout.

Nothing in this package touches the database.
"""
from .goaltable import Duty, DutyTask, GoalTable, IndicatorRow, Milestone  # noqa: F401
