"""Response headers every page gets: a Content-Security-Policy, and no-store for signed-in pages.

The policy allows scripts, styles, images and fonts from our own origin only:
no inline <script>, no on* attributes, no style="" or <style> blocks (all of
which live in static/ instead), no eval, no framing, forms post only to us.
A violation is a bug in a template, and the browser tests look for them.

Signed-in pages show goal tables, comments and names; `no-store` keeps them
out of the browser's and any proxy's cache, so the back button after logging
out, or the next user of a shared office computer, does not bring them back.
Static files never reach this middleware (WhiteNoise answers them first).

The admin's templates are Django's and the libraries' (a <style> block in the
change list, style="" in import-export's export form): under /admin/ styles may
be inline; scripts stay as strict as everywhere else.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

DEFAULT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def content_security_policy(**overrides: Any) -> str:
    policy = {**DEFAULT_POLICY, **getattr(settings, "CONTENT_SECURITY_POLICY", {}), **overrides}
    return "; ".join(f"{name} {value}" for name, value in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()
        self.admin_policy = content_security_policy(**{"style-src": "'self' 'unsafe-inline'"})
        self.admin_prefix = reverse_lazy("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith(str(self.admin_prefix))
        response.setdefault("Content-Security-Policy", self.admin_policy if admin else self.policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replaces Django's "max-age=0, no-cache, ..." too: no-store is what keeps data off disk.
            response["Cache-Control"] = "private, no-store"
        return response


# How often a signed-in session's expiry is pushed forward. Saving it on every request
# (SESSION_SAVE_EVERY_REQUEST) would cost every page a database write; once a minute makes the
# idle limit exact to the minute and leaves most pages without one.
SEEN_KEY = "_seen"
SEEN_EVERY_SECONDS = 60


def mark_seen(session: SessionBase) -> None:
    session[SEEN_KEY] = int(time.time())  # a change: the session is saved, its expiry pushed forward


class IdleSessionMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds (SESSION_IDLE_MINUTES) without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            seen = request.session.get(SEEN_KEY)
            if not isinstance(seen, int) or time.time() - seen >= SEEN_EVERY_SECONDS:
                mark_seen(request.session)
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="perfgoals.middleware.seen_at_login")
def _seen_at_login(sender: type[models.Model], request: HttpRequest, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_seen(request.session)
