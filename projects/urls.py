from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tables/<id:pk>/", views.table_detail, name="table_detail"),
    path("", include("projects.review.urls")),
    path("", include("projects.transfer.urls")),
    path("", include("projects.editor.urls")),
    path("", include("projects.years.urls")),
    path("", include("projects.evaluation.urls")),
]
