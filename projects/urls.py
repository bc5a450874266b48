from django.urls import include, path

from . import import_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("tables/<int:pk>/", views.table_detail, name="table_detail"),
    path("", include("projects.review_urls")),
    path("", include("projects.export_urls")),
    path("", include("projects.editor_urls")),
    path("", include("projects.year_urls")),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<str:token>/", import_views.import_preview_page, name="import_preview"),
    path("import/<str:token>/confirm/", import_views.import_confirm_view, name="import_confirm"),
    path("import/<str:token>/discard/", import_views.import_discard, name="import_discard"),
]
