"""The duty layout (seed 003): a department table organised by 部门职责, with reference values.

A duty runs down the rows its 职责序号 cell covers; a new 职责 line (task) starts where its
name or 职责目标 changes.  A duty continued on the next page repeats its number: it stays
one duty.  Cells merged in the original and stored as empty cells continue the cell above.
"""
from __future__ import annotations

from documents.goaltable import KIND_OVERALL, Duty, DutyTask, GoalTable

from .context import Before, name_from_title
from .headers import REQUIRED_DUTY, ROLE_WORDS, clean_prose, clean_words
from .rawgrid import place
from .rows import Tree, indicator, role_starts, role_text
from .segments import Segment
from .types import Report


def parse_duty(segment: Segment, before: Before, report: Report) -> GoalTable | None:
    heading = segment.blocks[0].heading
    missing = [ROLE_WORDS[r] for r in REQUIRED_DUTY if r not in heading.columns]
    if missing:
        report.problem(place(heading.rows[0]), f"指标表头缺少“{'”“'.join(missing)}”列，本表未导入")
        return None
    table = GoalTable(kind=KIND_OVERALL, layout="duty", seq=before.seq, title=before.title, year=before.year)
    table.unit_code, table.unit_name = before.unit_code, before.unit_name
    table.name = name_from_title(before.title)
    duty: Duty | None = None
    task: DutyTask | None = None
    for block in segment.blocks:
        h = block.heading
        for row in block.rows:
            seq = clean_words(role_text(row, h, "duty_seq"))
            name = clean_words(role_text(row, h, "duty_name"))
            task_name = clean_words(role_text(row, h, "task_name"))
            goal = clean_prose(role_text(row, h, "task_goal"))
            fresh_seq = role_starts(row, h, "duty_seq") and seq
            fresh_name = role_starts(row, h, "duty_name") and name
            new_duty = duty is None
            if fresh_seq and duty is not None and seq != duty.seq:
                new_duty = True
            elif fresh_name and duty is not None and name != duty.name and not (fresh_seq and seq == duty.seq and not duty.name):
                new_duty = True
            if new_duty:
                duty = Duty(seq=seq, name=name)
                table.duties.append(duty)
                task = None
            elif not duty.name and name:
                duty.name = name
            fresh_task = role_starts(row, h, "task_name") and task_name
            fresh_goal = role_starts(row, h, "task_goal") and goal
            if (
                task is None
                or (fresh_task and task_name != task.name)
                or (fresh_goal and goal != task.goal)
            ):
                inherited = task.name if task is not None and not fresh_task else ""
                task = DutyTask(name=task_name if fresh_task else inherited, goal=goal)
                duty.tasks.append(task)
            found = indicator(row, h, Tree(), report=report)
            if found is None:
                continue
            if not found.activity and task.indicators:  # 工作活动 merged down the task's rows
                found.activity = task.indicators[-1].activity
            task.indicators.append(found)
    for duty in table.duties:
        duty.tasks = [t for t in duty.tasks if t.name or t.goal or t.indicators]
    if not any(t.indicators for d in table.duties for t in d.tasks):
        report.warning(place(segment.first_row), "部门职责表没有读到任何绩效指标")
    return table
