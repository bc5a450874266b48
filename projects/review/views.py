"""Pages of the review: the reviewer's queue and review page, and the workflow and comment actions.

Every view reaches its table through projects.access (another department's table is a 404);
whether the role may act there is also decided by projects.access (a wrong role is a 403).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from documents.diff import diff_documents
from documents.review_sheet import build_sheet
from documents.rules import RULES
from documents.rules.base import Finding
from projects.access import (
    filled_tables,
    get_table_for_user,
    is_reviewer,
    may_decide,
    may_review,
    reviewable_tables,
    reviewed_departments,
)
from projects.converters import parse_id
from projects.models import Adjustment, CommentThread, Department, FiscalYear, GoalTable, Review, Snapshot
from projects.selectors import goal_table_prefetch, goal_table_to_document

from .comments import (
    anchor_choices,
    comment_reply,
    comment_thread_open,
    comment_thread_resolve,
    place_threads,
    threads_of,
)
from .opinions import PHRASES
from .triage import aspect_notes
from .workflow import (
    WorkflowError,
    findings_for,
    goal_table_approve,
    goal_table_reopen,
    goal_table_return,
    goal_table_submit,
    last_reviewed_snapshot,
    review_save,
)

S = GoalTable.Status
PAGE_SIZE = 50


# ---------------------------------------------------------------------------
# Queue


def with_review_facts(queryset: QuerySet[GoalTable]) -> QuerySet[GoalTable]:
    """Annotate the latest version, its submission time, its findings and the latest grade: one query."""
    latest = Snapshot.objects.filter(table=OuterRef("pk")).order_by("-version")
    graded = Review.objects.filter(table=OuterRef("pk")).exclude(grade="").order_by("-snapshot__version")
    return queryset.annotate(
        latest_version=Subquery(latest.values("version")[:1]),
        submitted_at=Subquery(latest.values("submitted_at")[:1]),
        findings=Subquery(latest.annotate(n=F("errors") + F("warnings") + F("infos")).values("n")[:1]),
        risk=Subquery(latest.values("risk")[:1]),
        risk_reasons=Subquery(latest.values("risk_reasons")[:1]),
        suggested_grade=Subquery(latest.values("suggested_grade")[:1]),
        grade=Subquery(graded.values("grade")[:1]),
    )


# Tables never submitted have no time or findings, and a draft may have no budget: those go
# last in either direction, on SQLite and PostgreSQL alike (their defaults differ).
SORTS = {
    "-risk": (F("risk").desc(nulls_last=True), F("submitted_at").asc(nulls_last=True), "id"),
    "-submitted": (F("submitted_at").desc(nulls_last=True), "id"),
    "submitted": (F("submitted_at").asc(nulls_last=True), "id"),
    "name": ("name", "id"),
    "department": ("unit__department__name", "unit__code", "seq", "id"),
    "-budget": (F("budget_total").desc(nulls_last=True), "id"),
    "budget": (F("budget_total").asc(nulls_last=True), "id"),
    "-findings": (F("findings").desc(nulls_last=True), "id"),
}
SORT_LABELS = {
    "-risk": "风险高的在前",
    "-submitted": "最近提交在前",
    "submitted": "最早提交在前",
    "name": "按名称",
    "department": "按部门",
    "-budget": "预算数从大到小",
    "budget": "预算数从小到大",
    "-findings": "问题多的在前",
}
NO_GRADE = "none"


class QueueFilter(forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label="预算部门", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *S.choices])
    grade = forms.ChoiceField(
        label="审核等级", required=False, choices=[("", "全部等级"), *Review.Grade.choices, (NO_GRADE, "未评级")]
    )
    findings = forms.ChoiceField(
        label="审核规则发现的问题", required=False, choices=[("", "不限"), ("yes", "有问题"), ("no", "无问题")]
    )
    q = forms.CharField(label="名称或编码", required=False, max_length=100)
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, data: QueryDict, *, years: Iterable[FiscalYear], departments: Iterable[Department]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        self.fields["department"].choices = [("", "全部部门"), *((d.pk, f"{d.region} {d.name}".strip()) for d in departments)]


def _filtered(queryset: QuerySet, data: QueryDict) -> QuerySet:
    if data.get("year"):
        queryset = queryset.filter(fiscal_year__year=data["year"])
    if data.get("department"):
        queryset = queryset.filter(unit__department_id=data["department"])
    if data.get("grade") == NO_GRADE:
        queryset = queryset.filter(grade__isnull=True)
    elif data.get("grade"):
        queryset = queryset.filter(grade=data["grade"])
    if data.get("findings") == "yes":
        queryset = queryset.filter(findings__gt=0)
    elif data.get("findings") == "no":
        queryset = queryset.filter(Q(findings=0) | Q(findings__isnull=True))
    if data.get("q"):
        queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"]))
    return queryset


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """The reviewer's work list: by default the submitted tables waiting for a decision."""
    user = request.user
    if not is_reviewer(user):
        raise Http404("没有分配审核的预算部门")
    departments = reviewed_departments(user)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = S.SUBMITTED
    form = QueueFilter(data, years=FiscalYear.objects.values_list("year", flat=True), departments=departments)
    cleaned = form.cleaned_data if form.is_valid() else {"status": S.SUBMITTED}

    scope = reviewable_tables(user)
    tables = _filtered(with_review_facts(scope), cleaned)
    by_status = dict(tables.order_by().values_list("status").annotate(n=Count("id")))
    status_counts = [(value, label, by_status.get(value, 0)) for value, label in S.choices]
    if cleaned.get("status"):
        tables = tables.filter(status=cleaned["status"])
    # Riskiest first: a handful of reviewers cannot read thousands of tables in order of arrival.
    sort = cleaned.get("sort") or "-risk"
    tables = tables.select_related("fiscal_year", "unit__department").order_by(*SORTS[sort])
    page = Paginator(tables, PAGE_SIZE).get_page(request.GET.get("page"))
    # Requests to adjust approved tables wait for the reviewer too, though their tables are not submitted.
    adjustments = list(
        Adjustment.objects.filter(status=Adjustment.Status.PENDING, table__in=scope)
        .select_related("table__unit__department", "table__fiscal_year", "requested_by").order_by("requested_at")[:50]
    )

    keep = request.GET.copy()
    keep.pop("page", None)
    without_status = keep.copy()
    without_status.pop("status", None)
    return render(
        request,
        "projects/review_queue.html",
        {
            "form": form,
            "page": page,
            "adjustments": adjustments,
            "status_counts": status_counts,
            "total": sum(by_status.values()),
            "current_status": cleaned.get("status") or "",
            "query": keep.urlencode(),
            "query_without_status": without_status.urlencode(),
        },
    )


# ---------------------------------------------------------------------------
# Review page


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["completeness", "relevance", "appropriateness", "feasibility", "grade", "opinion"]
        widgets = {
            "completeness": forms.Textarea(attrs={"rows": 2}),
            "relevance": forms.Textarea(attrs={"rows": 2}),
            "appropriateness": forms.Textarea(attrs={"rows": 2}),
            "feasibility": forms.Textarea(attrs={"rows": 2}),
            "grade": forms.RadioSelect,
            "opinion": forms.Textarea(attrs={"rows": 4, "placeholder": "退回时写明需要修改的内容；通过时可写“同意”。"}),
        }


def _prefetched(table: GoalTable) -> QuerySet[GoalTable]:
    return goal_table_prefetch(GoalTable.objects.filter(pk=table.pk).select_related("scheme")).get()


def _reviewer_table(user: User, pk: int) -> GoalTable:
    table = get_table_for_user(user, pk)
    if not may_review(user, table):
        raise PermissionDenied("只有本部门的审核人可以审核这张表。")
    return table


def _base_snapshot(request: HttpRequest, *, table: GoalTable, current: GoalTable, snapshots: Sequence[Snapshot]) -> Snapshot | None:
    """The version to compare with: ?base=N if given, else the one this reviewer last decided on."""
    if current is None:
        return None
    wanted = parse_id(request.GET.get("base"))
    if wanted is not None:
        return next((s for s in snapshots if s.version == wanted and s.version < current.version), None)
    return last_reviewed_snapshot(table=table, user=request.user, before=current)


@login_required
def review_table(request: HttpRequest, pk: int) -> HttpResponse:
    table = _reviewer_table(request.user, pk)
    if request.method == "POST":
        return _review_post(request, table)
    return _review_page(request, table)


def _review_page(request: HttpRequest, table: GoalTable, *, form: forms.Form | None = None) -> HttpResponse:
    snapshots = list(table.snapshots.select_related("submitted_by").order_by("version"))
    current = snapshots[-1] if snapshots else None
    # The reviewer judges what was submitted; a table never submitted shows as it stands.
    document = current.to_document() if current else goal_table_to_document(_prefetched(table))
    base = _base_snapshot(request, table=table, current=current, snapshots=snapshots)
    previous = base.to_document() if base else None
    diff = diff_documents(previous, document) if previous else None
    threads = place_threads(threads_of(table), document)
    open_by_row: dict[str, int] = {}
    for t in threads:
        if t.row_key and not t.resolved:
            open_by_row[t.row_key] = open_by_row.get(t.row_key, 0) + 1
    sheet = build_sheet(document, previous=previous, diff=diff, open_threads=open_by_row)
    review = getattr(current, "review", None) if current else None
    earlier = (
        Review.objects.filter(table=table, snapshot__version__lt=current.version).exclude(decision="")
        .select_related("snapshot", "reviewer").order_by("-snapshot__version").first()
        if current else None
    )
    findings = findings_for(table=table, document=document)
    if form is None:
        form = ReviewForm(instance=review, initial=_suggestions(current, review, findings))
    phrases = dict(PHRASES)
    return render(
        request,
        "projects/review_table.html",
        {
            "table": table,
            "document": document,
            "sheet": sheet,
            "snapshots": snapshots,
            "current": current,
            "base": base,
            "diff": diff,
            "threads": threads,
            "anchors": anchor_choices(document),
            "selected_anchor": request.GET.get("anchor", ""),
            "form": form,
            "aspects": [
                (form[name], label, question, phrases.get(label, ())) for name, label, question in Review.ASPECTS
            ],
            "conclusion_phrases": phrases.get("结论", ()),
            "review": review,
            "earlier_review": earlier,
            "can_decide": may_decide(request.user, table),
            "can_comment": table.status in (S.SUBMITTED, S.RETURNED),
            "findings": findings,
            "transitions": table.transitions.select_related("user").order_by("at", "id"),
        },
    )


def _suggestions(current: GoalTable, review: Review | None, findings: Iterable[Finding]) -> dict:
    """What the form starts with before the reviewer has graded: the grade the triage suggests
    and, for a new review, what the rules found under each 四性 aspect.  The reviewer keeps or
    changes both; nothing is saved until they press a button."""
    if current is None:
        return {}
    initial = {}
    if not (review and review.grade) and current.suggested_grade:
        initial["grade"] = current.suggested_grade
    if review is None:
        initial.update(aspect_notes(findings, rule_groups={r.code: r.group for r in RULES}))
    return initial


def _review_post(request: HttpRequest, table: GoalTable) -> HttpResponse:
    action = request.POST.get("action", "save")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "审核意见填写有误，请检查后再保存。")
        return _review_page(request, table, form=form)
    try:
        review = review_save(table=table, user=request.user, **form.cleaned_data)
        if action == "return":
            goal_table_return(table=table, user=request.user, reason=review.opinion)
            messages.success(request, "已退回修改，填报人会在首页看到退回的表和批注。")
        elif action == "approve":
            goal_table_approve(table=table, user=request.user, review=review)
            messages.success(request, f"已审核通过，等级：{review.grade}。")
        else:
            messages.success(request, "审核意见已保存。")
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("review_table", pk=table.pk)


# ---------------------------------------------------------------------------
# Workflow actions


def _messages_for(request: HttpRequest, error: WorkflowError) -> None:
    messages.error(request, error.message)
    for problem in error.problems:
        messages.error(request, problem)


@login_required
@require_POST
def table_submit(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    try:
        snapshot = goal_table_submit(table=table, user=request.user)
        messages.success(request, f"已提交审核（第{snapshot.version}版）。审核期间不能修改。")
    except WorkflowError as error:
        _messages_for(request, error)
    return redirect("table_detail", pk=table.pk)


@login_required
@require_POST
def table_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    try:
        goal_table_reopen(table=table, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, "已重新打开，填报人可以修改后再次提交。")
    except WorkflowError as error:
        _messages_for(request, error)
    return redirect("table_detail", pk=table.pk)


# ---------------------------------------------------------------------------
# Comments


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    table = _reviewer_table(request.user, pk)
    current = table.snapshots.order_by("-version").first()
    document = current.to_document() if current else goal_table_to_document(_prefetched(table))
    try:
        thread = comment_thread_open(
            table=table, user=request.user, document=document,
            anchor=request.POST.get("anchor", ""), body=request.POST.get("body", ""),
        )
        messages.success(request, f"已添加批注：{thread.label}")
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect(reverse("review_table", args=[table.pk]) + "#threads")


def _thread_for(user: User, pk: int) -> CommentThread:
    thread = get_object_or_404(CommentThread.objects.select_related("table"), pk=pk)
    get_table_for_user(user, thread.table_id)  # 404 outside the user's departments
    return thread


@login_required
@require_POST
def comment_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread_for(request.user, pk)
    try:
        comment_reply(thread=thread, user=request.user, body=request.POST.get("body", ""))
        messages.success(request, "回复已发表。")
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect(_back(request, reverse("table_detail", args=[thread.table_id])) + f"#thread-{thread.pk}")


@login_required
@require_POST
def comment_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread_for(request.user, pk)
    resolved = request.POST.get("resolved", "1") == "1"
    try:
        comment_thread_resolve(thread=thread, user=request.user, resolved=resolved)
        messages.success(request, "批注已标记为已解决。" if resolved else "批注已重新打开。")
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect(_back(request, reverse("review_table", args=[thread.table_id])) + f"#thread-{thread.pk}")


# ---------------------------------------------------------------------------
# Versions


@login_required
def table_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every submitted version of a table and what changed from each to the next."""
    table = get_table_for_user(request.user, pk)
    snapshots = list(table.snapshots.select_related("submitted_by", "review__reviewer").order_by("version"))
    versions = []
    previous = None
    for snapshot in snapshots:
        document = snapshot.to_document()
        versions.append({"snapshot": snapshot, "diff": diff_documents(previous, document) if previous else None})
        previous = document
    return render(
        request,
        "projects/review_versions.html",
        {
            "table": table,
            "versions": list(reversed(versions)),
            "transitions": table.transitions.select_related("user").order_by("at", "id"),
        },
    )


# ---------------------------------------------------------------------------
# Home page


def home_notices(user: User) -> dict:
    """Counts for the home page: staff see their returned tables, reviewers what waits for them."""
    returned = filled_tables(user).filter(status=S.RETURNED)
    waiting = reviewable_tables(user).filter(status=S.SUBMITTED).count() if is_reviewer(user) else None
    return {
        "notices": {
            "returned": list(returned.select_related("fiscal_year").order_by("-fiscal_year__year", "seq", "id")[:10]),
            "returned_count": returned.count(),
            "waiting": waiting,
        }
    }
