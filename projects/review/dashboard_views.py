"""The dashboard (总览) for reviewers and admins, and the numbers behind each chart as CSV/XLSX.

Scoped like the queue: a reviewer sees the departments assigned to them, an admin all;
anyone else gets a 404.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from tablib import Dataset

from projects.models import FiscalYear, GoalTable
from projects.transfer.exports import ExportFile, content_disposition

from .dashboard import DATASETS
from .views import is_reviewer, reviewable_tables

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Departments a chart draws; the table below it pages through all of them.
CHART_DEPARTMENTS = 20
TABLE_PAGE_SIZE = 50


def _scope(request: HttpRequest) -> tuple[QuerySet[GoalTable], list[int], int | None]:
    if not is_reviewer(request.user):
        raise Http404("总览只对审核人和管理员开放")
    tables = reviewable_tables(request.user)
    years = list(FiscalYear.objects.filter(tables__in=tables).order_by("-year").values_list("year", flat=True).distinct())
    wanted = request.GET.get("year", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else (years[0] if years else None)
    return tables, years, year


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    tables, years, year = _scope(request)
    sets = {name: make(tables, year=year) for name, make in DATASETS.items()} if year else {}
    progress, rules, budget = (sets.get(n) for n in ("progress", "rules", "budget"))
    charts = {}
    if year:
        top = progress.rows[:CHART_DEPARTMENTS]
        charts = {
            "progress": {
                "labels": [r[0] for r in top],
                "series": [{"label": h, "data": [r[i + 1] for r in top]} for i, h in enumerate(progress.header[1:5])],
            },
            "rules": {"labels": [r[0] for r in rules.rows[:15]], "titles": [r[1] for r in rules.rows[:15]],
                      "data": [r[3] for r in rules.rows[:15]]},
            "budget": {
                "labels": [r[0] for r in budget.rows[:CHART_DEPARTMENTS]],
                "approved": [float(r[2]) for r in budget.rows[:CHART_DEPARTMENTS]],
                "rest": [float(r[1] - r[2]) for r in budget.rows[:CHART_DEPARTMENTS]],
            },
        }
    totals = _totals(progress, budget) if year else {}
    return render(
        request,
        "projects/dashboard.html",
        {
            "years": years,
            "year": year,
            "progress": progress,
            "progress_query": f"year={year}" if year else "",
            "progress_page": Paginator(progress.rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page")) if year else None,
            "rules": rules,
            "budget": budget,
            "budget_rows": budget.rows[:TABLE_PAGE_SIZE] if year else [],
            "charts": charts,
            "totals": totals,
        },
    )


def _totals(progress: Dataset, budget: Dataset) -> dict:
    total = sum(r[-2] for r in progress.rows)
    approved = sum(r[4] for r in progress.rows)
    money = sum((r[1] for r in budget.rows), 0)
    money_approved = sum((r[2] for r in budget.rows), 0)
    return {
        "tables": total,
        "approved": approved,
        "approved_share": round(approved * 100 / total) if total else 0,
        "budget": money,
        "budget_approved": money_approved,
        "budget_share": round(money_approved * 100 / money) if money else 0,
    }


@login_required
@require_GET
def dashboard_data(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in DATASETS or fmt not in FORMATS:
        raise Http404("没有这份数据")
    tables, _, year = _scope(request)
    if year is None:
        raise Http404("没有可统计的年度")
    data = DATASETS[name](tables, year=year)
    content = data.to_csv() if fmt == "csv" else data.to_xlsx()
    export = ExportFile(f"{year}年{data.title}.{fmt}", FORMATS[fmt], content, f"dashboard-{name}-{year}.{fmt}")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition(export)
    response["Cache-Control"] = "private, no-store"
    return response
