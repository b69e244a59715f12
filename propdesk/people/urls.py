from django.urls import path

from propdesk.portal import views_invite as invite

from . import views

app_name = "people"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/export/", views.directory_export, name="directory-export"),
    path("directory/import/", views.directory_import, name="directory-import"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("residents/<int:pk>/", views.resident_detail, name="resident-detail"),
    path("residents/<int:pk>/reveal/", views.resident_reveal, name="resident-reveal"),
    path("residents/<int:pk>/invite/", invite.invite_create, name="resident-invite"),
    path(
        "residents/<int:pk>/invitations/<int:invitation_id>/revoke/",
        invite.invite_revoke,
        name="resident-invite-revoke",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
