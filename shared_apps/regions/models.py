from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Kemendagri region: provinsi, kabupaten/kota, kecamatan or desa/kelurahan.

    Reference data in public; a region's parent is its code's prefix.
    """

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA_KELURAHAN = "desa_kelurahan", _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [
            models.Index(fields=["level", "name"], name="region_level_name_idx"),
            # Signup searches villages by any part of the name (``name__icontains``
            # is ``UPPER(name) LIKE``) and by code prefix, over ~84,000 villages.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="region_name_trgm_idx"),
            models.Index(OpClass("code", name="varchar_pattern_ops"), name="region_code_prefix_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
