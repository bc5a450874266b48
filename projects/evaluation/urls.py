from django.urls import path

from projects.review import adjustment_views

from . import views

urlpatterns = [
    path("monitoring/", views.round_list, name="monitoring_rounds"),
    path("monitoring/<id:pk>/", views.round_detail, name="monitoring_round"),
    path("monitoring/<id:pk>/tables/<id:table_pk>/", views.report_page, name="monitoring_report"),
    path("tables/<id:pk>/self-evaluation/", views.self_evaluation_page, name="self_evaluation"),
]
urlpatterns += [
    path("tables/<id:pk>/self-evaluation.<str:fmt>", views.self_evaluation_download, name="self_evaluation_download"),
    path("monitoring/<id:pk>/tables/<id:table_pk>.<str:fmt>", views.monitoring_download, name="monitoring_download"),
]
urlpatterns += [
    path("tables/<id:pk>/adjustment/", adjustment_views.adjustment_request, name="adjustment_request"),
    path("tables/<id:pk>/adjustment/<id:adjustment_pk>/", adjustment_views.adjustment_decide, name="adjustment_decide"),
]
