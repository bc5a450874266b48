"""The records of the projects app: goal tables and their parts (tables.py), and their review (review.py)."""
from .evaluation import (
    Adjustment,
    MonitoringLine,
    MonitoringReport,
    MonitoringRound,
    SelfEvaluation,
    SelfEvaluationLine,
)
from .review import Comment, CommentThread, Review, Snapshot, Transition
from .tables import (
    MONEY,
    SEQ_ORDER,
    Department,
    DepartmentReport,
    Duty,
    DutyTask,
    FiscalYear,
    GoalTable,
    Milestone,
    ReportSection,
    Unit,
)

__all__ = [
    "Adjustment",
    "MONEY",
    "SEQ_ORDER",
    "Comment",
    "CommentThread",
    "Department",
    "DepartmentReport",
    "Duty",
    "DutyTask",
    "FiscalYear",
    "GoalTable",
    "Milestone",
    "MonitoringLine",
    "MonitoringReport",
    "MonitoringRound",
    "ReportSection",
    "Review",
    "SelfEvaluation",
    "SelfEvaluationLine",
    "Snapshot",
    "Transition",
    "Unit",
]
