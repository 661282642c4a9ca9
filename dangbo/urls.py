from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from dangbo.api import urls as api_urls
from dangbo.core import views as core_views
from dangbo.core.forms import LoginForm
from dangbo.meetings import pwa
from dangbo.meetings import views as meeting_views

admin.site.site_header = "Đảng bộ số — quản trị"
admin.site.site_title = "Đảng bộ số"

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("to-chuc/", include("dangbo.organizations.urls")),
    path("dang-vien/", include("dangbo.members.urls")),
    path("thong-ke/", include("dangbo.reports.urls")),
    path("nhap-xuat/", include("dangbo.imports.urls")),
    path("hop/", include("dangbo.meetings.urls")),
    # The private iCalendar feed: no login (calendar apps cannot log in), the token is the key.
    path("lich/<str:token>.ics", meeting_views.calendar_feed, name="calendar_feed"),
    path("api/", api_urls()),
    path("quan-tri/", admin.site.urls),
    path("suc-khoe/", login_not_required(core_views.health), name="health"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    ),
]
