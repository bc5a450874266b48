"""URLs of the review (绩效目标审核), included from projects/urls.py."""
from django.urls import path

from . import dashboard_views, letter_views, views

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<str:name>.<str:fmt>", dashboard_views.dashboard_data, name="dashboard_data"),
    path("tables/<int:pk>/review/", views.review_table, name="review_table"),
    path("tables/<int:pk>/versions/", views.table_versions, name="table_versions"),
    path("tables/<int:pk>/review/letter.docx", letter_views.review_letter, name="review_letter"),
    path(
        "departments/<int:pk>/<int:year>/review-letter.docx",
        letter_views.department_review_letter,
        name="department_review_letter",
    ),
    path("tables/<int:pk>/submit/", views.table_submit, name="table_submit"),
    path("tables/<int:pk>/reopen/", views.table_reopen, name="table_reopen"),
    path("tables/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/reply/", views.comment_reply_view, name="comment_reply"),
    path("comments/<int:pk>/resolve/", views.comment_resolve_view, name="comment_resolve"),
]
