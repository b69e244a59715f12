from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.model_page, name="model"),
    path("retrain/", views.model_retrain, name="retrain"),
    path("suggest/", views.intake_suggest, name="suggest"),
    path("apply/", views.intake_apply, name="apply"),
    path("link/", views.intake_link, name="link"),
]
