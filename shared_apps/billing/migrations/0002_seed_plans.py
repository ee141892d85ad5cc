"""The two plans Balai starts with. Later price changes are data edits (or a
new migration), never code: plans are read from this table everywhere."""
from django.db import migrations

PLANS = [
    {
        "code": "trial",
        "name": "Uji coba gratis",
        "description": "30 hari gratis dengan semua fitur inti. Setelah itu lanjut ke Paket Tahunan.",
        "price_idr_per_year": 0,
        "trial_days": 30,
        "max_residents": 3000,
        "max_staff_accounts": 5,
        "features": ["penduduk", "surat", "website"],
        "sort_order": 10,
    },
    {
        "code": "tahunan",
        "name": "Paket Tahunan",
        "description": "Semua fitur untuk satu tahun anggaran; bayar dengan transfer bank (tagihan) atau kartu.",
        "price_idr_per_year": 2_400_000,
        "trial_days": 30,
        "max_residents": None,
        "max_staff_accounts": 25,
        "features": ["penduduk", "surat", "website", "layanan_mandiri", "bantuan", "keuangan", "buku_administrasi"],
        "sort_order": 20,
    },
]


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for plan in PLANS:
        Plan.objects.update_or_create(code=plan["code"], defaults={k: v for k, v in plan.items() if k != "code"})


def unseed(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(code__in=[p["code"] for p in PLANS], subscriptions=None).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
