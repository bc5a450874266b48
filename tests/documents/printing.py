"""What a printed table holds: each 指标值 that reads in its canonical form (the typed text stays
in the database and its history), as it comes back when the file is imported."""
from __future__ import annotations

import dataclasses

from documents import goaltable as doc
from documents.grid import printed_value
from documents.values import parse_value


def as_printed(table: doc.GoalTable) -> doc.GoalTable:
    def printed(row: doc.IndicatorRow) -> doc.IndicatorRow:
        if row.value is None:
            return row
        text = printed_value(row, layout=table.layout)
        unit = row.unit if table.layout == "list" else parse_value(text).unit
        return dataclasses.replace(row, value_text=text, unit=unit)

    return table.map_rows(printed)
