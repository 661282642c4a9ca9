"""The HTTP API (django-ninja): /api/v1/…, OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication: the session cookie (same-origin pages; CSRF token required for writes) or
``Authorization: Bearer <token>`` from ``manage.py api_token``. Every endpoint filters through
the scope function: out of scope answers exactly like not found.
"""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from dangbo.core.errors import DomainError
from dangbo.core.models import ApiToken
from dangbo.meetings.api import router as meetings_router
from dangbo.meetings.services import Busy


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Đảng bộ số API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[BearerToken(), django_auth],
)
api.add_router("/v1/", meetings_router)


@api.exception_handler(Busy)
def busy(request, error: Busy):
    response = api.create_response(request, {"detail": str(error)}, status=503)
    response["Retry-After"] = "5"
    return response


@api.exception_handler(DomainError)
def domain_error(request, error: DomainError):
    return api.create_response(request, {"detail": error.message}, status=400)


def urls():
    """The API's URL patterns, exempt from the site's login redirect (the API answers 401)."""
    patterns, app_name, namespace = api.urls
    for pattern in _flatten(patterns):
        pattern.callback.login_required = False
    return patterns, app_name, namespace


def _flatten(patterns):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from _flatten(p.url_patterns)
        else:
            yield p
