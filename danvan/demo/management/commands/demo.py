from django.core.management.base import BaseCommand

from danvan.demo import (
    analytics,
    democracy,
    evaluations,
    fieldwork,
    inspections,
    meetings,
    practices,
    reporting,
    surveys,
)
from danvan.demo.cases import demo_cases_build
from danvan.demo.personas import DEMO_PASSWORD
from danvan.demo.services import demo_build
from danvan.territory.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Tạo dữ liệu minh họa (Lai Châu, Cần Thơ) và in danh sách tài khoản. Chạy lại không tạo trùng."

    def handle(self, *args, **options):
        if not AdministrativeUnit.objects.exists():
            self.stderr.write("Chưa có đơn vị hành chính: chạy `danvan load-units` trước.")
            return
        personas = demo_build()
        made = demo_cases_build()
        if made:
            self.stdout.write(f"Đã tạo {made} đơn thư minh họa.")
        # Order matters: reporting, evaluations and analytics read what the domain apps created.
        for module in (
            meetings,
            fieldwork,
            practices,
            democracy,
            inspections,
            surveys,
            reporting,
            evaluations,
            analytics,
        ):
            summary = module.build()
            if summary:
                self.stdout.write(summary)
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu minh họa đã sẵn sàng. Tài khoản (mật khẩu chung: {DEMO_PASSWORD}):")
        )
        for persona in personas:
            where = (
                AdministrativeUnit.objects.current().get(code=persona.unit_code).name
                if persona.unit_code
                else "Toàn quốc"
            )
            self.stdout.write(f"  {persona.username:<16} {persona.role.label} — {where}")
