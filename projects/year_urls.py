from django.urls import path

from . import year_views

urlpatterns = [
    path("years/", year_views.year_list, name="year_list"),
    path("years/rollover/", year_views.rollover_page, name="rollover"),
]
