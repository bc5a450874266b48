from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return static("favicon.svg")  # at request time: the hashed name exists only after collectstatic


admin.site.site_header = "绩效目标管理系统"
admin.site.site_title = "绩效目标管理"
admin.site.index_title = "后台管理"

urlpatterns = [
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", FaviconView.as_view()),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("indicators/", include("indicators.urls")),
    path("", include("jobs.urls")),
    path("", include("projects.urls")),
]
