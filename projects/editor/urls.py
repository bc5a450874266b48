from django.urls import path

from . import views

urlpatterns = [
    path("tables/new/", views.table_new, name="table_new"),
    path("tables/<id:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<id:pk>/edit/check/", views.table_check, name="table_check"),
    path("tables/<id:pk>/history/", views.table_history, name="table_history"),
]
