from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from documents.grid import build_grid
from projects.review.views import home_notices

from .access import get_table_for_user, home_tables, is_admin, role_names
from .models import SEQ_ORDER, GoalTable
from .selectors import goal_table_prefetch, goal_table_to_document

# Tables per home page: a unit's staff see theirs on one page; a province's reviewer pages through.
HOME_PAGE_SIZE = 100


@login_required
def home(request: HttpRequest) -> HttpResponse:
    show_drafts = request.GET.get("drafts") == "1"
    visible = home_tables(request.user, drafts=show_drafts)
    tables = visible.select_related("fiscal_year", "unit__department").order_by(
        "-fiscal_year__year", "unit__department__region", "unit__department__name", "unit__code", SEQ_ORDER, "id"
    )
    page = Paginator(tables, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    years = [
        {"year": year, "units": [{"unit": unit, "tables": list(rows)} for unit, rows in groupby(items, key=lambda t: t.unit)]}
        for year, items in groupby(page.object_list, key=lambda t: t.fiscal_year.year)
    ]
    for year in years:
        year["count"] = sum(len(u["tables"]) for u in year["units"])
    # The whole picture in one aggregate, whatever page is shown.
    by_status = dict(visible.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    summary = [(value, label, by_status.get(value, 0)) for value, label in GoalTable.Status.choices]
    return render(
        request,
        "projects/home.html",
        {
            "years": years,
            "page": page,
            "summary": summary,
            "total": sum(by_status.values()),
            "roles": role_names(request.user),
            "show_drafts": show_drafts,
            "hides_drafts": not show_drafts and not is_admin(request.user) and request.user.reviewed_departments.exists(),
            **home_notices(request.user),
        },
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
