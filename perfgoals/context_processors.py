from projects.models import is_admin


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_is_admin": False, "user_is_reviewer": False}
    admin = is_admin(user)
    return {"user_is_admin": admin, "user_is_reviewer": admin or user.reviewed_departments.exists()}
