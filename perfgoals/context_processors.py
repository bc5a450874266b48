from projects.models import is_admin


def roles(request):
    user = getattr(request, "user", None)
    return {"user_is_admin": bool(user and is_admin(user))}
