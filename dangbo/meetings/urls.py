from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("tong-hop/", views.overview, name="overview"),
    path("to-chuc/<str:org_code>/", views.org_calendar, name="org_calendar"),
    path("to-chuc/<str:org_code>/lap-ke-hoach/", views.plan_year, name="plan_year"),
    path("to-chuc/<str:org_code>/len-lich/", views.schedule, name="schedule"),
    path("tai-lieu/<int:document_pk>/", views.document, name="document"),
    path("<int:meeting_pk>/", views.detail, name="detail"),
    path("<int:meeting_pk>/sua/", views.edit, name="edit"),
    path("<int:meeting_pk>/huy/", views.cancel, name="cancel"),
    path("<int:meeting_pk>/ghi-nhan/", views.held, name="held"),
    path("<int:meeting_pk>/bien-ban/", views.minutes, name="minutes"),
    path("<int:meeting_pk>/duyet/", views.approve, name="approve"),
    path("<int:meeting_pk>/tai-lieu/", views.add_document, name="add_document"),
    path("<int:meeting_pk>/diem-danh/", views.rollcall, name="rollcall"),
    path("lich-cua-toi/", views.calendar_link, name="calendar_link"),
    path("<int:meeting_pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:meeting_pk>/danh-sach-ky/", views.signin_sheet, name="signin_sheet"),
]
