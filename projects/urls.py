from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tables/<int:pk>/", views.table_detail, name="table_detail"),
]
