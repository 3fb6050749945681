"""esp@p's daily job: ``manage.py espap_daily`` enqueues ``espap_daily_task`` (django-tasks; run
at once by the embedded default, by the task worker at scale).

- **reminders**: the day before, everyone of an upcoming appointment gets a reminder (the
  inhabitant when they gave an address; otherwise the mediators are told to phone them); once;
- **documents**: a document sent during a call is deleted after ``ESPAP_DOCUMENT_DAYS`` days;
- **personal data**: ``ESPAP_PERSONAL_DATA_DAYS`` days after an appointment's time (90 by
  default), the inhabitant's name, contact, subject and documents list are erased and the
  follow-up note too; the appointment stays, anonymous, for the figures; a request never
  confirmed is cancelled once its time has passed.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.storage import delete_on_commit
from workspace.espap import notices
from workspace.espap.models import Appointment, AppointmentDocument


def espap_daily(*, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "reminded": remind(now=now),
            "lapsed": lapse_requests(now=now),
            "documents_deleted": delete_documents(now=now),
            "purged": purge_personal_data(now=now),
        }


@task()
def espap_daily_task() -> dict:
    return espap_daily()


def remind(*, now) -> int:
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    due = Appointment.objects.filter(
        status=Appointment.Status.CONFIRMED,
        reminded_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=start + datetime.timedelta(days=1),
    ).select_related("slot__advisor__user", "site", "agency")
    count = 0
    for appointment in due:
        notices.reminder(appointment)
        Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
        count += 1
    return count


def lapse_requests(*, now) -> int:
    """A request from the public site nobody confirmed before its time is cancelled."""
    return Appointment.objects.filter(status=Appointment.Status.REQUESTED, slot__starts_at__lt=now).update(
        status=Appointment.Status.CANCELLED, reason=_("Request not confirmed before its time"), updated_at=now
    )


def delete_documents(*, now) -> int:
    count = 0
    for document in AppointmentDocument.objects.filter(delete_after__lt=timezone.localdate(now)):
        with transaction.atomic():
            name, storage = document.file.name, document.file.storage
            document.delete()
            delete_on_commit(storage, name)
        count += 1
    return count


def purge_personal_data(*, now) -> int:
    """Erase the inhabitant's details of appointments older than the retention period (never
    the counts: status, agency, site, times stay). Upcoming appointments are never touched."""
    limit = now - datetime.timedelta(days=settings.ESPAP_PERSONAL_DATA_DAYS)
    due = Appointment.objects.filter(purged_at__isnull=True, slot__starts_at__lt=limit).exclude(
        status__in=Appointment.UPCOMING
    )
    for document in AppointmentDocument.objects.filter(appointment__in=due):
        with transaction.atomic():
            name, storage = document.file.name, document.file.storage
            document.delete()
            delete_on_commit(storage, name)
    return due.update(
        name="—", phone="", email="", subject="—", documents="", advisor_note="", purged_at=now, updated_at=now
    )
