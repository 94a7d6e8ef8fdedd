"""A view and a task that fail with personal data in their messages, for these tests only."""

from celery import shared_task
from django.urls import path


def failing_view(request):
    raise RuntimeError(
        "could not call 13812345678 for resident 11010119900307123X, token Bearer abcdefgh12345678, key sk_live_abcdefgh123"
    )


urlpatterns = [path("failing/", failing_view)]


@shared_task(name="tests.monitoring.failing_task")
def failing_task(*, phone: str) -> None:
    raise RuntimeError(f"reminder to {phone} failed")
