from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from dangbo.meetings.selectors import around
from dangbo.members.selectors import scope_counts

from .db import today
from .scope import top_grants


def home(request):
    """Trang chủ: the figures of the user's scope today, and where to go next."""
    on = today()
    counts = scope_counts(request.user, on)
    return render(
        request,
        "core/home.html",
        {
            "counts": counts,
            "on": on,
            "grants": top_grants(request.user),
            "meetings": around(request.user, on),
        },
    )


def health(request):
    """For load balancers and `make run`: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
