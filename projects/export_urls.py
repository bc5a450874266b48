"""URLs of the downloads and the department page, included from projects/urls.py."""
from django.urls import path

from . import export_views as views

urlpatterns = [
    path("tables/<int:pk>/download/<str:fmt>/", views.table_download, name="table_download"),
    path("tables/export/", views.export_selected, name="export_selected"),
    path("departments/<int:pk>/<int:year>/", views.department_detail, name="department_detail"),
    path("departments/<int:pk>/<int:year>/download/<str:fmt>/", views.department_download, name="department_download"),
]
