"""Sessions stored with the id of their user, so a user's sessions are found by an index.

Ending a user's sessions (deactivation, ASVS 7.4.2) is then one DELETE by `user_id` instead of
decoding every live session in the table. Set as `SESSION_ENGINE`; otherwise Django's database
sessions unchanged.
"""

from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            obj.user_id = None
        return obj
