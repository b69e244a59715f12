from django.urls import path

from .views import actions, contacts, intake, prints, queues, tasks, tickets

app_name = "tickets"
urlpatterns = [
    path("", tickets.ticket_list, name="list"),
    path("export/", tickets.ticket_export, name="export"),
    path("<int:pk>/", tickets.ticket_detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", actions.ticket_action, name="action"),
    path("<int:pk>/correct/", tickets.ticket_correct, name="correct"),
    path("<int:pk>/print/", prints.ticket_print, name="print"),
    path("<int:pk>/attachments/", tickets.ticket_attach, name="attach"),
    path("<int:pk>/attachments/<str:key>/", tickets.ticket_attachment, name="attachment"),
    path("intake/", intake.intake, name="intake"),
    path("intake/search/", intake.intake_search, name="intake-search"),
    path("intake/pick/", intake.intake_pick, name="intake-pick"),
    path("intake/fields/", intake.intake_fields, name="intake-fields"),
    path("intake/department/", intake.intake_department, name="intake-department"),
    path("queue/", queues.queue_department, name="queue"),
    path("callbacks/", queues.queue_callbacks, name="callbacks"),
    path("escalations/", queues.queue_escalations, name="escalations"),
    path("countersign/", queues.countersign_list, name="countersign"),
    path("countersign/<int:pk>/sign/", queues.countersign_sign, name="countersign-sign"),
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/export/", contacts.contact_export, name="contacts-export"),
    path("contacts/print/", prints.contact_register_print, name="contacts-print"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/do/<slug:action>/", contacts.contact_action, name="contact-action"),
    path("tasks/", tasks.task_list, name="tasks"),
    path(
        "tasks/<int:pk>/complete/", tasks.task_finish, {"action": "complete"}, name="task-complete"
    ),
    path("tasks/<int:pk>/cancel/", tasks.task_finish, {"action": "cancel"}, name="task-cancel"),
]
