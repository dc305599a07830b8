"""Sign-in: the account of an archived commune signs in no more (its data stays)."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class PortalBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        commune = user.commune if user.commune_id else None
        return super().user_can_authenticate(user) and (commune is None or commune.archived_at is None)

    def get_user(self, user_id):
        # The commune comes in the same query: a signed-in request still costs one.
        user = User._default_manager.select_related("commune").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
