from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("them/", views.create, name="create"),
    path("<int:member_pk>/", views.detail, name="detail"),
    path("<int:member_pk>/sua/", views.edit_person, name="edit_person"),
    path("<int:member_pk>/thao-tac/<slug:action>/", views.lifecycle_action, name="action"),
]
