from django.urls import path

from .views import desk, duty, exports, handover, mail

app_name = "frontdesk"
urlpatterns = [
    path("", desk.desk_home, name="home"),
    path("desks/<int:pk>/take/", desk.desk_take, name="desk-take"),
    path("desks/<int:desk_pk>/entries/", duty.entry_add, name="entry-add"),
    path("desks/<int:desk_pk>/handover/", handover.handover_open, name="handover-open"),
    path("desks/<int:desk_pk>/spot-check/", desk.spot_check_new, name="spotcheck-new"),
    path("duty-logs/", duty.dutylog_list, name="dutylog-list"),
    path("duty-logs/export/", exports.dutylog_export, name="dutylog-export"),
    path("duty-logs/<int:pk>/", duty.dutylog_detail, name="dutylog-detail"),
    path("entries/<int:pk>/correct/", duty.entry_correct, name="entry-correct"),
    path("handovers/", handover.handover_list, name="handover-list"),
    path("handovers/<int:pk>/", handover.handover_detail, name="handover-detail"),
    path("handovers/<int:pk>/edit/", handover.handover_edit, name="handover-edit"),
    path("handovers/<int:pk>/check/", handover.handover_check, name="handover-check"),
    path(
        "handovers/<int:pk>/questions/<int:question_pk>/answer/",
        handover.handover_answer,
        name="handover-answer",
    ),
    path("handovers/<int:pk>/<slug:action>/", handover.handover_action, name="handover-action"),
    path("sign/<slug:kind>/<int:pk>/", duty.record_sign, name="sign"),
    path("review/", desk.review_queue, name="review"),
    path("mail/", mail.mail_list, name="mail-list"),
    path("mail/new/", mail.mail_new, name="mail-new"),
    path("mail/export/", exports.mail_export, name="mail-export"),
    path("mail/remind/", mail.mail_remind, name="mail-remind"),
    path("mail/newspapers/", mail.newspapers_deliver, name="newspapers-deliver"),
    path("mail/days/<int:pk>/", mail.mail_day_detail, name="mailday-detail"),
    path("mail/<int:pk>/", mail.mail_detail, name="mail-detail"),
    path("mail/<int:pk>/photos/<int:att_pk>/", mail.mail_photo, name="mail-photo"),
    path("mail/<int:pk>/hand-over/", mail.mail_hand_over, name="mail-hand-over"),
    path("mail/<int:pk>/return/", mail.mail_return, name="mail-return"),
    path("lookup/", desk.lookup, name="lookup"),
    path("lookup/log/", desk.lookup_log, name="lookup-log"),
    path("leave/", desk.leave_list, name="leave-list"),
    path("leave/<int:pk>/<slug:action>/", desk.leave_action, name="leave-action"),
    path("spot-checks/", desk.spot_check_list, name="spotcheck-list"),
    path("spot-checks/<int:pk>/", desk.spot_check_detail, name="spotcheck-detail"),
]
