from django.http import HttpRequest

from projects.access import is_admin, is_reviewer


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_is_admin": False, "user_is_reviewer": False}
    return {"user_is_admin": is_admin(user), "user_is_reviewer": is_reviewer(user)}
