from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.my_attendance, name="my-attendance"),
    path("punch/", views.punch, name="punch"),
    path("clock/", views.clock, name="clock"),
    path("desk/<int:desk_id>/", views.desk_screen, name="desk-screen"),
    path("requests/<str:kind>/new/", views.request_new, name="request-new"),
    path("requests/<str:kind>/<int:pk>/<str:action>/", views.request_decide, name="request-decide"),
    path("month/", views.my_month, name="my-month"),
    path("months/<int:pk>/", views.month_detail, name="month-detail"),
    path("months/<int:pk>/complaint/", views.complaint_new, name="complaint-new"),
    path("months/<int:pk>/ledger/", views.ledger_new, name="ledger-new"),
    path("months/<int:pk>/<str:action>/", views.month_action, name="month-action"),
    path("complaints/<int:pk>/<str:action>/", views.complaint_action, name="complaint-action"),
    path("ledger/<int:pk>/grant/", views.ledger_grant, name="ledger-grant"),
    path("review/", views.review, name="review"),
    path("review/compute/", views.review_compute, name="review-compute"),
    path("review/export/", views.review_export, name="review-export"),
]
