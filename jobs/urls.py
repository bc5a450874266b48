from django.urls import path

from . import views

urlpatterns = [
    path("jobs/<int:pk>/", views.job_page, name="job_page"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/file/", views.job_file, name="job_file"),
]
