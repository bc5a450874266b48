from django.urls import path

from . import views

urlpatterns = [
    path("years/", views.year_list, name="year_list"),
    path("years/rollover/", views.rollover_page, name="rollover"),
]
