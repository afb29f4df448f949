"""Runs inside django-helpdesk's own virtual environment: migrate, one staff user, one queue, N tickets
with the same volume and text lengths as Danvan's generated cases."""

import os
import random
import sys
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdsite.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from helpdesk.models import Queue, Ticket  # noqa: E402

SUBJECTS = ["Khiếu nại quyết định thu hồi đất", "Phản ánh rác thải không được thu gom", "Kiến nghị sửa đường"]


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    user_model = get_user_model()
    from rest_framework.authtoken.models import Token

    user = user_model.objects.filter(username="bench").first()
    if user is None:
        user = user_model.objects.create_superuser("bench", "bench@example.vn", "Bench-Dan-van-2026!")
    token, _ = Token.objects.get_or_create(user=user)
    queue, _ = Queue.objects.get_or_create(slug="don-thu", defaults={"title": "Đơn thư"})
    rng = random.Random(7)
    now = timezone.now()
    existing = Ticket.objects.count()
    while existing < count:
        size = min(5000, count - existing)
        with transaction.atomic():
            Ticket.objects.bulk_create(
                [
                    Ticket(
                        title=f"{rng.choice(SUBJECTS)} {existing + n}",
                        queue=queue,
                        created=now - timedelta(days=rng.randint(0, 1095)),
                        status=rng.choice([1, 1, 2, 3, 4]),
                        description="Gia đình tôi đã nhiều lần kiến nghị nhưng chưa được giải quyết.",
                        submitter_email="cong.dan@example.vn",
                        priority=3,
                    )
                    for n in range(size)
                ],
                batch_size=1000,
            )
        existing += size
    print(f"TOKEN={token.key}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
