"""Template tags of the inbox: the unread count for the menu, the messages about a dossier."""

from django import template

from nominations.services import notifications

register = template.Library()


@register.simple_tag
def unread_count(user) -> int:
    """`{% unread_count request.user as n %}`: the user's unread messages (one query)."""
    return notifications.unread_count(user)


@register.simple_tag
def messages_about(nomination, user):
    """`{% messages_about nomination request.user as sent %}`: the messages sent about a
    nomination that the user may see."""
    return list(notifications.messages_about(nomination, user))
