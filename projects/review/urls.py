"""URLs of the review (绩效目标审核), included from projects/urls.py."""
from django.urls import path

from . import views

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("tables/<id:pk>/review/", views.review_table, name="review_table"),
    path("tables/<id:pk>/versions/", views.table_versions, name="table_versions"),
    path("tables/<id:pk>/submit/", views.table_submit, name="table_submit"),
    path("tables/<id:pk>/reopen/", views.table_reopen, name="table_reopen"),
    path("tables/<id:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<id:pk>/reply/", views.comment_reply_view, name="comment_reply"),
    path("comments/<id:pk>/resolve/", views.comment_resolve_view, name="comment_resolve"),
]
