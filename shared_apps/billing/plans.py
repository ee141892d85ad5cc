"""The plans Balai starts with. The data migration seeds them; afterwards
prices and limits are data edits, never code: everything reads the table."""
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


def plans_seed(plan_model=None) -> None:
    """Create the starting plans that are missing (never overwrites an edited plan)."""
    if plan_model is None:
        from shared_apps.billing.models import Plan as plan_model
    for plan in PLANS:
        plan_model.objects.get_or_create(code=plan["code"], defaults={k: v for k, v in plan.items() if k != "code"})
