"""URLs of the imports, the downloads and the department page, included from projects/urls.py."""
from django.urls import path

from . import export_views, import_views

urlpatterns = [
    path("tables/<id:pk>/download/<str:fmt>/", export_views.table_download, name="table_download"),
    path("tables/export/", export_views.export_selected, name="export_selected"),
    path("departments/<id:pk>/<id:year>/", export_views.department_detail, name="department_detail"),
    path("departments/<id:pk>/<id:year>/download/<str:fmt>/", export_views.department_download, name="department_download"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<str:token>/", import_views.import_preview_page, name="import_preview"),
    path("import/<str:token>/confirm/", import_views.import_confirm_view, name="import_confirm"),
    path("import/<str:token>/discard/", import_views.import_discard, name="import_discard"),
]
