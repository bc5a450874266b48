"""One-click 审核意见书 (review opinion letter) as Word, for a table or a department-year.

For the finance bureau's reviewers and admins only: the tables are reached through
review_views.reviewable_tables, so another department's table or letter is a 404.
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from projects.models import Comment, CommentThread, GoalTable, Review, Snapshot
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.transfer.export_views import file_response
from projects.transfer.exports import DOCX, FORMATS, ExportFile

from .opinion_letter import LetterTable, opinion_letter
from .views import reviewable_tables
from .workflow import findings_for

ISSUER = "财政局绩效管理科"


def _letter_table(table: GoalTable) -> LetterTable:
    snapshots = table.snapshots.all()  # prefetched, ordered by version
    current = snapshots[len(snapshots) - 1] if snapshots else None
    document = current.to_document() if current else goal_table_to_document(table)
    review = getattr(current, "review", None) if current else None
    comments = [
        (
            thread.label,
            thread.comments.all()[0].body if thread.comments.all() else "",
            [f"{c.author.get_full_name() or c.author.username if c.author else ''}：{c.body}" for c in thread.comments.all()[1:]],
            thread.resolved,
        )
        for thread in table.comment_threads.all()
    ]
    return LetterTable(
        name=table.name,
        code=table.code,
        unit=table.unit.name,
        budget_total="" if table.budget_total is None else f"{table.budget_total:.2f}",
        status=table.get_status_display(),
        version=current.version if current else None,
        grade=review.grade if review else "",
        decision=review.get_decision_display() if review and review.decision else "",
        aspects=[(label, getattr(review, name) if review else "") for name, label, _ in Review.ASPECTS],
        opinion=review.opinion if review else "",
        findings=findings_for(table=table, document=document),
        comments=comments,
        reviewer=(review.reviewer.get_full_name() or review.reviewer.username) if review and review.reviewer else "",
    )


def _letter_queryset(tables: QuerySet[GoalTable]) -> QuerySet[GoalTable]:
    return goal_table_prefetch(tables.select_related("scheme")).prefetch_related(
        Prefetch("snapshots", queryset=Snapshot.objects.select_related("review__reviewer").order_by("version")),
        Prefetch(
            "comment_threads",
            queryset=CommentThread.objects.order_by("created_at", "id").prefetch_related(
                Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created_at", "id"))
            ),
        ),
    )


def _letter_file(*, name: str, addressee: str, tables: Sequence[GoalTable]) -> ExportFile:
    today = timezone.localdate()
    content = opinion_letter(
        title=f"{tables[0].fiscal_year.year}年度绩效目标审核意见书",
        addressee=addressee,
        tables=[_letter_table(t) for t in tables],
        issued_by=ISSUER,
        on=today if isinstance(today, datetime.date) else datetime.date.today(),
    )
    return ExportFile(
        filename=f"审核意见书-{name}.docx",
        content_type=FORMATS[DOCX][0],
        content=content,
        ascii_filename=f"review-opinion-{today:%Y%m%d}.docx",
        count=len(tables),
    )


@login_required
@require_GET
def review_letter(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_object_or_404(_letter_queryset(reviewable_tables(request.user).filter(pk=pk)))
    return file_response(_letter_file(name=table.name, addressee=table.unit.name, tables=[table]))


@login_required
@require_GET
def department_review_letter(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    tables = list(
        _letter_queryset(reviewable_tables(request.user).filter(unit__department_id=pk, fiscal_year__year=year))
        .order_by("unit__code", "seq", "id")
    )
    if not tables:
        raise Http404("没有可审核的该部门该年度绩效目标表")
    department = tables[0].unit.department
    return file_response(_letter_file(name=f"{department.name}{year}年度", addressee=department.name, tables=tables))
