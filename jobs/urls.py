from django.urls import path

from . import views

urlpatterns = [
    path("jobs/<id:pk>/", views.job_page, name="job_page"),
    path("jobs/<id:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<id:pk>/file/", views.job_file, name="job_file"),
]
