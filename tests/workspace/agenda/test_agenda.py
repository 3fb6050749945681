import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from workspace.agenda import selectors, services
from workspace.notifications.models import Notification

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=1)


class TestAgenda:
    def test_weekly_and_monthly_recurrences(self, cast, monday):
        weekly = services.event_create(
            space=cast.group,
            author=cast.people.member,
            title="Permanence",
            starts_at=at(monday),
            recurrence="weekly",
            repeat_until=monday + datetime.timedelta(weeks=3),
        )
        found = list(
            selectors.occurrences(
                weekly, at(monday - datetime.timedelta(days=1)), at(monday + datetime.timedelta(days=60))
            )
        )
        assert [o.start.date() for o in found] == [monday + datetime.timedelta(weeks=n) for n in range(4)]
        jan31 = timezone.make_aware(datetime.datetime(2031, 1, 31, 9))
        monthly = services.event_create(
            space=cast.group, author=cast.people.member, title="Bilan", starts_at=jan31, recurrence="monthly"
        )
        months = [o.start.month for o in selectors.occurrences(monthly, jan31, jan31 + datetime.timedelta(days=150))]
        assert months == [1, 3, 5]  # no 31st in February and April

    def test_who_sees_which_event(self, cast, monday, member):
        group_event = services.event_create(
            space=cast.group, author=cast.people.member, title="Réunion", starts_at=at(monday)
        )
        secret_event = services.event_create(
            space=cast.other, author=cast.people.outsider, title="Secret", starts_at=at(monday)
        )
        window = (at(monday - datetime.timedelta(days=1)), at(monday + datetime.timedelta(days=2)))

        def titles(user):
            found = selectors.occurrences_between(user=user, start=window[0], end=window[1])
            return {o.event.title for o in found}

        assert titles(cast.people.guest) == {"Réunion"}
        assert titles(cast.people.referent) == set()
        assert titles(cast.people.outsider) == {"Secret"}
        # an invitation shows a personal event to the invitee
        desk = cast.people.owner.personal_space
        lunch = services.event_create(
            space=desk,
            author=cast.people.owner,
            title="Déjeuner",
            starts_at=at(monday, 12),
            invitees=[cast.people.referent],
        )
        assert titles(cast.people.referent) == {"Déjeuner"}
        assert selectors.may_see(cast.people.referent, lunch) and not selectors.may_see(
            cast.people.referent, group_event
        )
        assert not selectors.may_see(cast.people.member, secret_event)

    def test_invitations_are_notified_and_answered(self, cast, monday, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            event = services.event_create(
                space=cast.group,
                author=cast.people.owner,
                title="Atelier",
                starts_at=at(monday),
                invitees=[cast.people.member],
            )
        assert Notification.objects.filter(user=cast.people.member, kind="event").exists()
        services.invitation_answer(event=event, user=cast.people.member, answer="maybe")
        assert event.invitations.get().answer == "maybe"
        with pytest.raises(PermissionDenied):
            services.invitation_answer(event=event, user=cast.people.guest, answer="yes")
        with pytest.raises(ValidationError):
            services.invitation_answer(event=event, user=cast.people.member, answer="peut-être")

    def test_rules(self, cast, monday):
        with pytest.raises(PermissionDenied):
            services.event_create(space=cast.group, author=cast.people.guest, title="x", starts_at=at(monday))
        with pytest.raises(ValidationError):
            services.event_create(
                space=cast.group, author=cast.people.member, title="x", starts_at=at(monday, 10), ends_at=at(monday, 9)
            )
        with pytest.raises(PermissionDenied):
            services.event_create(space=cast.network, author=cast.people.member, title="x", starts_at=at(monday))


class TestAgendaPages:
    def test_month_week_and_list_views(self, client, login, cast, monday):
        services.event_create(
            space=cast.group, author=cast.people.member, title="Réunion mensuelle", starts_at=at(monday)
        )
        login(cast.people.guest)
        for view in ("mois", "semaine", "liste"):
            for url in (reverse("my-agenda:index"), reverse("agenda:index", kwargs={"slug": cast.group.slug})):
                page = client.get(f"{url}?vue={view}&date={monday.isoformat()}").content.decode()
                assert "Réunion mensuelle" in page, (view, url)
        assert client.get(reverse("my-agenda:index") + "?vue=nimportequoi&date=pas-une-date").status_code == 200

    def test_create_through_the_form_with_errors_first(self, client, login, cast, monday):
        login(cast.people.member)
        url = reverse("agenda:create", kwargs={"slug": cast.group.slug})
        response = client.post(url, {"title": "Atelier", "day": monday.isoformat()})
        assert response.status_code == 200 and "field-error" in response.content.decode()
        response = client.post(
            url,
            {
                "title": "Atelier",
                "day": monday.isoformat(),
                "start_time": "14:00",
                "end_time": "16:00",
                "invitees": "inconnu@exemple.test",
            },
        )
        assert response.status_code == 200 and "inconnu@exemple.test" in response.content.decode()
        response = client.post(
            url,
            {
                "title": "Atelier",
                "day": monday.isoformat(),
                "start_time": "14:00",
                "end_time": "16:00",
                "invitees": cast.people.guest.email,
            },
        )
        assert response.status_code == 302

    @pytest.mark.parametrize(
        "who,read,write",
        [
            ("owner", 200, 200),
            ("admin", 200, 200),
            ("member", 200, 200),
            ("guest", 200, 403),
            ("outsider", 403, 403),
            ("referent", 403, 403),
            ("coordinator", 200, 200),
            ("anonymous", 302, 302),
        ],
    )
    def test_pages_for_every_role(self, client, login, cast, monday, who, read, write):
        event = services.event_create(
            space=cast.group, author=cast.people.member, title="Réunion", starts_at=at(monday)
        )
        user = getattr(cast.people, who)
        if user:
            login(user)
        assert client.get(reverse("agenda:index", kwargs={"slug": cast.group.slug})).status_code == read
        assert client.get(event.get_absolute_url()).status_code == read
        assert client.get(reverse("agenda:ics", kwargs={"slug": cast.group.slug, "pk": event.pk})).status_code == read
        assert client.get(reverse("agenda:create", kwargs={"slug": cast.group.slug})).status_code == write

    def test_secret_and_foreign_events_are_404(self, client, login, cast, monday):
        secret = services.event_create(
            space=cast.other, author=cast.people.outsider, title="Secret", starts_at=at(monday)
        )
        login(cast.people.member)
        assert client.get(secret.get_absolute_url()).status_code == 404
        assert (
            client.get(reverse("agenda:detail", kwargs={"slug": cast.group.slug, "pk": secret.pk})).status_code == 404
        )

    def test_private_ical_feed_and_event_download(self, client, login, cast, monday):
        event = services.event_create(
            space=cast.group, author=cast.people.member, title="Réunion", starts_at=at(monday), recurrence="weekly"
        )
        services.event_create(space=cast.other, author=cast.people.outsider, title="Secret", starts_at=at(monday))
        token = services.feed_token(user=cast.people.guest).token
        response = client.get(reverse("my-agenda:feed", kwargs={"token": token}))
        calendar = Calendar.from_ical(response.content)
        summaries = [str(c["summary"]) for c in calendar.walk("VEVENT")]
        assert summaries == ["Réunion"] and "RRULE" in calendar.walk("VEVENT")[0]
        new = services.feed_token_regenerate(user=cast.people.guest).token
        assert client.get(reverse("my-agenda:feed", kwargs={"token": token})).status_code == 404
        assert client.get(reverse("my-agenda:feed", kwargs={"token": new})).status_code == 200
        login(cast.people.guest)
        response = client.get(reverse("agenda:ics", kwargs={"slug": cast.group.slug, "pk": event.pk}))
        assert response["Content-Type"].startswith("text/calendar") and "Réunion" in response.content.decode()
