"""URLs of the review (绩效目标审核), included from projects/urls.py."""
from django.urls import path

from . import dashboard_views, letter_views, views

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<str:name>.<str:fmt>", dashboard_views.dashboard_data, name="dashboard_data"),
    path("tables/<id:pk>/review/", views.review_table, name="review_table"),
    path("tables/<id:pk>/versions/", views.table_versions, name="table_versions"),
    path("tables/<id:pk>/review/letter.docx", letter_views.review_letter, name="review_letter"),
    path(
        "departments/<id:pk>/<id:year>/review-letter.docx",
        letter_views.department_review_letter,
        name="department_review_letter",
    ),
    path("tables/<id:pk>/submit/", views.table_submit, name="table_submit"),
    path("tables/<id:pk>/reopen/", views.table_reopen, name="table_reopen"),
    path("tables/<id:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<id:pk>/reply/", views.comment_reply_view, name="comment_reply"),
    path("comments/<id:pk>/resolve/", views.comment_resolve_view, name="comment_resolve"),
]
