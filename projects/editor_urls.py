from django.urls import path

from . import editor_views

urlpatterns = [
    path("tables/new/", editor_views.table_new, name="table_new"),
    path("tables/<int:pk>/edit/", editor_views.table_edit, name="table_edit"),
    path("tables/<int:pk>/history/", editor_views.table_history, name="table_history"),
]
