from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from documents.grid import build_grid
from projects.review.views import home_notices

from .access import get_table_for_user, role_names, tables_for_user
from .models import SEQ_ORDER
from .selectors import goal_table_prefetch, goal_table_to_document


@login_required
def home(request: HttpRequest) -> HttpResponse:
    tables = (
        tables_for_user(request.user)
        .select_related("fiscal_year", "unit__department")
        .order_by(
            "-fiscal_year__year", "unit__department__region", "unit__department__name", "unit__code", SEQ_ORDER, "id"
        )
    )
    years = [
        {"year": year, "units": [{"unit": unit, "tables": list(rows)} for unit, rows in groupby(items, key=lambda t: t.unit)]}
        for year, items in groupby(tables, key=lambda t: t.fiscal_year.year)
    ]
    for year in years:
        year["count"] = sum(len(u["tables"]) for u in year["units"])
    return render(
        request,
        "projects/home.html",
        {"years": years, "roles": role_names(request.user), **home_notices(request.user)},
    )


@login_required
def table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    table = goal_table_prefetch(type(table).objects.filter(pk=table.pk)).get()
    document = goal_table_to_document(table)
    # the page draws the same grid as the Word and Excel files
    return render(
        request, "projects/table_detail.html", {"table": table, "document": document, "grid": build_grid(document)}
    )
