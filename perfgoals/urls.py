from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "绩效目标管理系统"
admin.site.site_title = "绩效目标管理"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("indicators/", include("indicators.urls")),
    path("", include("jobs.urls")),
    path("", include("projects.urls")),
]
