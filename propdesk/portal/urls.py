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
