"""Letters (layanan surat) of one village: types with editable templates,
numbering, the archive of issued letters and their public verification."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_NUMBER_FORMAT = "[kode_surat]/[nomor_surat, 3]/[kode_desa]/[bulan_romawi]/[tahun]"


class LetterSettings(models.Model):
    """How this village numbers and checks its letters (one row)."""

    class Sequence(models.TextChoices):
        PER_TYPE = "per_type", _("Satu urutan per jenis surat")
        ALL = "all", _("Satu urutan untuk semua surat")

    number_format = models.CharField(_("format nomor surat"), max_length=200, default=DEFAULT_NUMBER_FORMAT)
    sequence = models.CharField(_("urutan nomor"), max_length=10, choices=Sequence.choices, default=Sequence.PER_TYPE)
    verification_required = models.BooleanField(
        _("surat diperiksa kepala desa/sekretaris sebelum terbit"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(name="letter_settings_single", condition=Q(id=1))]


class Official(models.Model):
    """A village official (pamong) who signs letters."""

    name = models.CharField(_("nama"), max_length=100)
    position = models.CharField(_("jabatan"), max_length=100)
    nip = models.CharField(_("NIP/NIPD"), max_length=30, blank=True)
    # "a.n. Kepala Desa" when the official signs on the head's behalf.
    on_behalf_of = models.CharField(_("atas nama"), max_length=100, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.position})"


class LetterType(models.Model):
    class Paper(models.TextChoices):
        F4 = "F4", "F4 (215 × 330 mm)"
        A4 = "A4", "A4 (210 × 297 mm)"

    # S-01: [kode_surat] in the number, and how the API names the type.
    code = models.CharField(_("kode surat"), max_length=10, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    template = models.TextField(_("templat (HTML)"))
    paper = models.CharField(_("ukuran kertas"), max_length=2, choices=Paper.choices, default=Paper.F4)
    # Extra fields asked when issuing: [{"name": "keperluan", "label": "Keperluan", "required": true}]
    form_fields = models.JSONField(_("isian tambahan"), default=list, blank=True)
    needs_resident = models.BooleanField(_("untuk penduduk terdaftar"), default=True)
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class LetterCounter(models.Model):
    """Last number given in a year, per letter type or for all ("*")."""

    year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "scope"], name="letter_counter_unique")]


class Letter(models.Model):
    """An issued (or awaiting verification) letter, with what it said."""

    class Status(models.TextChoices):
        AWAITING_VERIFICATION = "awaiting", _("Menunggu pemeriksaan")
        ISSUED = "issued", _("Terbit")
        REVOKED = "revoked", _("Dicabut")

    letter_type = models.ForeignKey(LetterType, on_delete=models.PROTECT, related_name="letters")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    resident = models.ForeignKey("population.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="letters")
    # A non-resident's data as entered ({"nama": ..., "nik": ..., ...}).
    subject = models.JSONField(default=dict, blank=True)
    fields = models.JSONField(default=dict, blank=True)
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="letters")
    number = models.CharField(_("nomor surat"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    sequence = models.PositiveIntegerField(null=True)
    issued_on = models.DateField(_("tanggal surat"), null=True)
    rendered_html = models.TextField(blank=True)
    pdf = models.BinaryField(editable=False, null=True)
    verification_code = models.CharField(max_length=20, unique=True)
    # The name as the verification page shows it (masked), kept so the page needs no resident.
    masked_name = models.CharField(max_length=120)
    requested_by_id = models.BigIntegerField(null=True)
    requested_by_username = models.CharField(max_length=254)
    verified_by_username = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="letter_number_unique"),
            models.CheckConstraint(name="letter_issued_has_number",
                                   condition=~Q(status="issued") | (~Q(number="") & Q(pdf__isnull=False))),
        ]

    def __str__(self):
        return self.number or f"{self.letter_type.code} ({self.get_status_display()})"
