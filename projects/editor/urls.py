from django.urls import path

from . import threads, views

urlpatterns = [
    path("tables/new/", views.table_new, name="table_new"),
    path("tables/<id:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<id:pk>/edit/check/", views.table_check, name="table_check"),
    path("tables/<id:pk>/copy-forward/", views.table_copy_forward, name="table_copy_forward"),
    path("tables/<id:pk>/threads/<id:thread_pk>/reply/", threads.thread_reply, name="editor_thread_reply"),
    path("tables/<id:pk>/threads/<id:thread_pk>/addressed/", threads.thread_addressed, name="editor_thread_addressed"),
    path("tables/<id:pk>/history/", views.table_history, name="table_history"),
]
