from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="survey-list"),
    path("new/", views.survey_new, name="survey-new"),
    path("<int:pk>/", views.survey_detail, name="survey-detail"),
    path("<int:pk>/enter/", views.survey_enter, name="survey-enter"),
    path("<int:pk>/results/", views.survey_results_page, name="survey-results"),
    path("<int:pk>/export/", views.survey_export, name="survey-export"),
    path("<int:pk>/links/", views.survey_links, name="survey-links"),
    path("<int:pk>/print/", views.survey_print, name="survey-print"),
    path("<int:pk>/<slug:action>/", views.survey_action, name="survey-action"),
    path("answer/<str:token>/", views.answer, name="answer"),
]
