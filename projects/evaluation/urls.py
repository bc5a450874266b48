from django.urls import path

from . import views

urlpatterns = [
    path("monitoring/", views.round_list, name="monitoring_rounds"),
    path("monitoring/<int:pk>/", views.round_detail, name="monitoring_round"),
    path("monitoring/<int:pk>/tables/<int:table_pk>/", views.report_page, name="monitoring_report"),
    path("tables/<int:pk>/self-evaluation/", views.self_evaluation_page, name="self_evaluation"),
]
urlpatterns += [
    path("tables/<int:pk>/self-evaluation.<str:fmt>", views.self_evaluation_download, name="self_evaluation_download"),
    path("monitoring/<int:pk>/tables/<int:table_pk>.<str:fmt>", views.monitoring_download, name="monitoring_download"),
]
