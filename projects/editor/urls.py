from django.urls import path

from . import threads, views

urlpatterns = [
    path("tables/new/", views.table_new, name="table_new"),
    path("tables/<int:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<int:pk>/edit/check/", views.table_check, name="table_check"),
    path("tables/<int:pk>/copy-forward/", views.table_copy_forward, name="table_copy_forward"),
    path("tables/<int:pk>/threads/<int:thread_pk>/reply/", threads.thread_reply, name="editor_thread_reply"),
    path("tables/<int:pk>/threads/<int:thread_pk>/addressed/", threads.thread_addressed, name="editor_thread_addressed"),
    path("tables/<int:pk>/history/", views.table_history, name="table_history"),
]
