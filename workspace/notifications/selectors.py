from workspace.notifications.models import Notification, Preference


def notifications_of(*, user):
    return Notification.objects.filter(user=user).select_related("actor")


def wants_digest(*, user) -> bool:
    return Preference.objects.filter(user=user, daily_digest=True).exists()
