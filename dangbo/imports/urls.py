from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.page, name="page"),
    path("xuat.xlsx", views.export, name="export"),
    path("<int:run_pk>/", views.run_page, name="run"),
    path("<int:run_pk>/xac-nhan/", views.confirm, name="confirm"),
    path("<int:run_pk>/tien-do/", views.progress, name="progress"),
]
