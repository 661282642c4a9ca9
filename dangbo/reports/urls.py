from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("tai-xuong.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
]
