from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/photos/<str:key>/", views.request_photo, name="request-photo"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="request-action"),
]
urlpatterns += [
    path("releases/", views.release_list, name="release-list"),
    path("releases/<int:pk>/", views.release_detail, name="release-detail"),
    path("releases/<int:pk>/<slug:action>/", views.release_answer, name="release-answer"),
]
urlpatterns += [
    path("parcels/", views.parcel_list, name="parcel-list"),
    path("my-data/", views.my_data, name="my-data"),
    path("notice-choice/", views.notice_choice, name="notice-choice"),
    path("my-data/download/", views.my_data_download, name="my-data-download"),
]

from . import views_announcements, views_household, views_invite, views_signin  # noqa: E402

urlpatterns += [
    path("announcements/", views_announcements.resident_list, name="announcement-list"),
    path(
        "announcements/<int:pk>/", views_announcements.resident_detail, name="announcement-detail"
    ),
]

urlpatterns += [
    path("sign-in/", views_signin.signin_number, name="signin"),
    path("sign-in/code/", views_signin.signin_code, name="signin-code"),
    path("invite/<str:token>/", views_invite.invite_open, name="invite"),
    path("household/", views_household.household, name="household"),
]
