"""The population registry of one village (its own schema).

Code fields hold OpenSID's numeric codes (``codes.py``), so data moves to and
from OpenSID without translation tables.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes


class Dusun(models.Model):
    name = models.CharField(_("nama dusun"), max_length=60, unique=True)
    head = models.ForeignKey("Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("kepala dusun"))

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Rw(models.Model):
    dusun = models.ForeignKey(Dusun, on_delete=models.PROTECT, related_name="rws")
    number = models.CharField(_("RW"), max_length=4)
    head = models.ForeignKey("Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("ketua RW"))

    class Meta:
        ordering = ["dusun__name", "number"]
        constraints = [models.UniqueConstraint(fields=["dusun", "number"], name="rw_unique_in_dusun")]

    def __str__(self):
        return f"{self.dusun} RW {self.number}"


class Rt(models.Model):
    rw = models.ForeignKey(Rw, on_delete=models.PROTECT, related_name="rts")
    number = models.CharField(_("RT"), max_length=4)
    head = models.ForeignKey("Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("ketua RT"))

    class Meta:
        ordering = ["rw__dusun__name", "rw__number", "number"]
        constraints = [models.UniqueConstraint(fields=["rw", "number"], name="rt_unique_in_rw")]

    def __str__(self):
        return f"{self.rw} RT {self.number}"


class Family(models.Model):
    """A Kartu Keluarga."""

    no_kk = models.CharField(_("nomor KK"), max_length=16, unique=True)
    head = models.ForeignKey("Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("kepala keluarga"))
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.ForeignKey(Rt, null=True, blank=True, on_delete=models.PROTECT, related_name="families")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.no_kk


class Resident(models.Model):
    """A penduduk, with OpenSID's field set."""

    # Identity
    nik = models.CharField(_("NIK"), max_length=16)
    nik_is_temporary = models.BooleanField(default=False)
    name = models.CharField(_("nama"), max_length=100)
    # Birth
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    birth_time = models.TimeField(_("waktu lahir"), null=True, blank=True)
    birth_weight_grams = models.PositiveIntegerField(_("berat lahir (gram)"), null=True, blank=True)
    sex = models.PositiveSmallIntegerField(_("jenis kelamin"), choices=codes.Sex.choices)
    religion = models.PositiveSmallIntegerField(_("agama"), choices=codes.Religion.choices)
    education_kk = models.PositiveSmallIntegerField(_("pendidikan dalam KK"), choices=codes.EducationInKK.choices,
                                                    null=True, blank=True)
    education_current = models.PositiveSmallIntegerField(_("pendidikan sedang ditempuh"),
                                                         choices=codes.CurrentEducation.choices, null=True, blank=True)
    occupation = models.PositiveSmallIntegerField(_("pekerjaan"), choices=codes.Occupation.choices, null=True, blank=True)
    marital_status = models.PositiveSmallIntegerField(_("status perkawinan"), choices=codes.MaritalStatus.choices)
    family_relationship = models.PositiveSmallIntegerField(_("hubungan dalam keluarga"),
                                                           choices=codes.FamilyRelationship.choices, null=True, blank=True)
    citizenship = models.PositiveSmallIntegerField(_("kewarganegaraan"), choices=codes.Citizenship.choices, default=1)
    blood_type = models.PositiveSmallIntegerField(_("golongan darah"), choices=codes.BloodType.choices, null=True, blank=True)
    disability = models.PositiveSmallIntegerField(_("cacat"), choices=codes.Disability.choices, null=True, blank=True)
    chronic_illness = models.PositiveSmallIntegerField(_("sakit menahun"), choices=codes.ChronicIllness.choices,
                                                       null=True, blank=True)
    contraception = models.PositiveSmallIntegerField(_("akseptor KB"), choices=codes.Contraception.choices,
                                                     null=True, blank=True)
    pregnancy = models.PositiveSmallIntegerField(_("status kehamilan"), choices=codes.Pregnancy.choices,
                                                 null=True, blank=True)
    ethnicity = models.CharField(_("suku/etnis"), max_length=60, blank=True)
    # Parents
    father_nik = models.CharField(_("NIK ayah"), max_length=16, blank=True)
    father_name = models.CharField(_("nama ayah"), max_length=100, blank=True)
    mother_nik = models.CharField(_("NIK ibu"), max_length=16, blank=True)
    mother_name = models.CharField(_("nama ibu"), max_length=100, blank=True)
    mother = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    # Documents
    birth_certificate_no = models.CharField(_("nomor akta kelahiran"), max_length=40, blank=True)
    marriage_certificate_no = models.CharField(_("nomor akta perkawinan"), max_length=40, blank=True)
    marriage_date = models.DateField(_("tanggal perkawinan"), null=True, blank=True)
    divorce_certificate_no = models.CharField(_("nomor akta perceraian"), max_length=40, blank=True)
    divorce_date = models.DateField(_("tanggal perceraian"), null=True, blank=True)
    passport_no = models.CharField(_("nomor paspor"), max_length=40, blank=True)
    passport_expiry = models.DateField(_("tanggal akhir paspor"), null=True, blank=True)
    kitas_no = models.CharField(_("nomor KITAS/KITAP"), max_length=40, blank=True)
    ktp_el = models.PositiveSmallIntegerField(_("KTP-el"), choices=codes.KtpEl.choices, null=True, blank=True)
    ktp_recording_status = models.PositiveSmallIntegerField(_("status rekam KTP-el"),
                                                            choices=codes.KtpRecordingStatus.choices, null=True, blank=True)
    insurance = models.PositiveSmallIntegerField(_("asuransi"), choices=codes.Insurance.choices, null=True, blank=True)
    insurance_no = models.CharField(_("nomor asuransi"), max_length=40, blank=True)
    # Where and how they live here
    family = models.ForeignKey(Family, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    household = models.ForeignKey("Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    household_relationship = models.PositiveSmallIntegerField(_("hubungan dalam rumah tangga"),
                                                              choices=codes.HouseholdRelationship.choices,
                                                              null=True, blank=True)
    rt = models.ForeignKey(Rt, null=True, blank=True, on_delete=models.PROTECT, related_name="residents")
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    current_address = models.CharField(_("alamat sekarang"), max_length=255, blank=True)
    resident_status = models.PositiveSmallIntegerField(_("status penduduk"), choices=codes.ResidentStatus.choices,
                                                       default=1)
    basic_status = models.PositiveSmallIntegerField(_("status dasar"), choices=codes.BasicStatus.choices, default=1)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    tag_id_card = models.CharField(_("tag ID card"), max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # NIK structure findings (real NIKs have real anomalies): shown, confirmable, never blocking.
    nik_warnings = models.JSONField(default=list, blank=True)
    nik_warnings_confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # A NIK belongs to one living resident of the village.
            models.UniqueConstraint(
                fields=["nik"], condition=Q(basic_status=1), name="resident_nik_unique_living",
                violation_error_message=_("NIK ini sudah dipakai penduduk lain yang masih hidup."),
            ),
        ]
        indexes = [
            models.Index(fields=["name"], name="resident_name_idx"),
            models.Index(fields=["basic_status", "sex"], name="resident_status_sex_idx"),
        ]

    def __str__(self):
        return self.name


class PopulationEvent(models.Model):
    """The event log (peristiwa): birth, death, move out, missing, move in, leave."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="events")
    kind = models.PositiveSmallIntegerField(_("peristiwa"), choices=codes.PopulationEvent.choices)
    occurred_on = models.DateField(_("tanggal peristiwa"))
    details = models.JSONField(default=dict, blank=True)
    previous_basic_status = models.PositiveSmallIntegerField(choices=codes.BasicStatus.choices)
    recorded_by_username = models.CharField(max_length=254)
    recorded_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "occurred_on"], name="event_kind_date_idx")]


class Household(models.Model):
    """A rumah tangga: the people who share one dwelling and its costs."""

    number = models.CharField(_("nomor rumah tangga"), max_length=30, unique=True)
    head = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("kepala rumah tangga"))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.number


class Group(models.Model):
    """A kelompok (farmers, PKK, youth…) with members and their roles."""

    name = models.CharField(_("nama kelompok"), max_length=100, unique=True)
    category = models.CharField(_("kategori"), max_length=60, blank=True)
    description = models.TextField(_("keterangan"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        # One each of the officers per group (group_services); any number of members.
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        ANGGOTA = "anggota", _("Anggota")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("jabatan"), max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "resident"], name="group_member_once")]

    @property
    def role_label(self) -> str:
        # The column predates the role list (no choices on it: altering it is a
        # table rewrite across the fleet); older free-text roles show as written.
        return self.Role(self.role).label if self.role in self.Role.values else self.role


class ImportJob(models.Model):
    """One OpenSID Excel import, run by the ``population.import_file`` task.

    The file is kept in the row, not on disk: workers may run on other machines
    than the web server, the file holds personal data that must never be
    served as media, and it is cleared once the job has finished.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu")
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    file_name = models.CharField(_("nama berkas"), max_length=255)
    content = models.BinaryField(editable=False)
    commit = models.BooleanField(_("impor (bukan uji coba)"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    committed = models.BooleanField(default=False)
    summary = models.JSONField(default=dict, blank=True)
    # Rows with findings only: [{"line": 5, "errors": [...], "warnings": [...]}].
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(_("kesalahan berkas"), blank=True)
    created_by_id = models.BigIntegerField(null=True)
    created_by_username = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
