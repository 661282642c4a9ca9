from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("thon-ban/", views.localities, name="localities"),
    path("chuc-vu/<int:post_pk>/ket-thuc/", views.end_post, name="end_post"),
    path("<str:org_code>/", views.detail, name="detail"),
    path("<str:org_code>/thanh-lap/", views.establish, name="establish"),
    path("<str:org_code>/doi-ten/", views.rename, name="rename"),
    path("<str:org_code>/chuyen/", views.move, name="move"),
    path("<str:org_code>/giai-the/", views.dissolve, name="dissolve"),
    path("<str:org_code>/chuc-vu/", views.assign_post, name="assign_post"),
    path("<str:org_code>/ngay-sinh-hoat/", views.meeting_day, name="meeting_day"),
]
