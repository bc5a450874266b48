"""The admin's year pages: the list of fiscal years with a form to open one, and the rollover
with its preview.  Both are admin-only: anybody else gets a 404, as for any page not theirs."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from projects.access import require_admin
from projects.converters import parse_id
from projects.models import FiscalYear, GoalTable
from projects.transfer.rollover import RolloverError, rollover, rollover_plan

from .forms import RolloverForm, YearOpenForm
from .services import default_scheme_code, fiscal_year_open

S = GoalTable.Status


@login_required
def year_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user, "只有管理员可以管理年度")
    latest = FiscalYear.objects.order_by("-year").first()
    suggested = (latest.year + 1) if latest else None
    form = YearOpenForm(request.POST or None, initial={"year": suggested})
    if suggested and not form.is_bound:
        form.initial["scheme"] = form.fields["scheme"].queryset.filter(code=default_scheme_code(suggested)).first()
    if request.method == "POST" and form.is_valid():
        try:
            year = fiscal_year_open(year=form.cleaned_data["year"], scheme=form.cleaned_data["scheme"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已开放 {year.year} 年度（{year.scheme.name}），填报人现在可以新建该年度的表。")
            return redirect("year_list")
    years = FiscalYear.objects.select_related("scheme").annotate(
        table_count=Count("tables"), approved=Count("tables", filter=Q(tables__status=S.APPROVED))
    ).order_by("-year")
    return render(request, "projects/years.html", {"years": years, "form": form}, status=400 if form.errors else 200)


@login_required
def rollover_page(request: HttpRequest) -> HttpResponse:
    """GET with from/to: the preview; POST: roll the ticked tables over."""
    require_admin(request.user, "只有管理员可以管理年度")
    data = request.POST if request.method == "POST" else (request.GET if "from_year" in request.GET else None)
    latest = FiscalYear.objects.order_by("-year").first()
    form = RolloverForm(data, initial={"from_year": latest.year if latest else None, "to_year": latest.year + 1 if latest else None})
    plan, error = None, None
    if data is not None and form.is_valid():
        options = {
            "from_year": form.cleaned_data["from_year"].year,
            "to_year": form.cleaned_data["to_year"],
            "include_unapproved": form.cleaned_data["include_unapproved"],
        }
        try:
            if request.method == "POST":
                ids = [i for i in map(parse_id, request.POST.getlist("tables")) if i is not None]
                result = rollover(**options, table_ids=ids, scheme=form.cleaned_data["scheme"], user=request.user)
                (messages.success if result.copied else messages.warning)(request, result.summary())
                if result.copied:
                    return redirect(reverse("year_list"))
            plan = rollover_plan(**options)
        except RolloverError as exc:
            error = str(exc)
    status = 400 if (data is not None and (form.errors or error)) else 200
    return render(request, "projects/rollover.html", {"form": form, "plan": plan, "error": error}, status=status)
