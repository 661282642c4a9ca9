from django.conf import settings

from .choices import Action
from .scope import can, is_staff_user


def shell(request):
    """What the layout needs on every page: the commune's name and the menu the user may see."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"commune_name": settings.DANGBO["COMMUNE_NAME"]}
    return {
        "commune_name": settings.DANGBO["COMMUNE_NAME"],
        "nav_staff": is_staff_user(user),
        "nav_manage_members": can(user, Action.MANAGE_MEMBERS),
    }
