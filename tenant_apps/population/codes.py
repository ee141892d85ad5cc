"""OpenSID's reference code lists, as Django choices.

Every coded field of a resident holds OpenSID's own numeric code, so data moves
to and from OpenSID (Excel import/export, database migration) with no
translation table. The values and labels come from OpenSID/OpenSID on GitHub:

- tag ``v2410.0.0`` (commit 4b3d56778f23b0e1230c1e667db554f012bbcdc6):
  ``donjo-app/models/seeders/Data_awal_seeder.php`` (the rows seeded into
  ``tweb_penduduk_sex``, ``_agama``, ``_kawin``, ``_hubungan``, ``_pendidikan_kk``,
  ``_pendidikan``, ``_pekerjaan``, ``_warganegara``, ``_status``, ``_asuransi``,
  ``tweb_golongan_darah``, ``tweb_cacat``, ``tweb_sakit_menahun``, ``tweb_cara_kb``,
  ``tweb_status_dasar``, ``tweb_status_ktp``, ``tweb_rtm_hubungan``,
  ``tweb_keluarga_sejahtera``, ``ref_penduduk_hamil``, ``ref_peristiwa``,
  ``ref_pindah``); ``donjo-app/models/seeders/dataAwal/RentangUmur.php``
  (``tweb_penduduk_umur``); ``donjo-app/helpers/opensid_helper.php`` (``KTP_EL``,
  ``TEMPAT_DILAHIRKAN``, ``JENIS_KELAHIRAN``, ``PENOLONG_KELAHIRAN``);
  ``app/Models/LogPenduduk.php``; ``donjo-app/models/Impor_model.php`` (the
  extra spellings its Excel import accepts); ``Laporan_penduduk_model.php``;
- ``app/Enums/*.php`` at v2410.1.0 (dev branch, commit
  274c5c120e62c868b6525d864069e7ba60cb1ecd), whose forms read the enums, which
  add contraception 100 and insurance 4;
- ``app/Enums/PekerjaanEnum.php`` at commit
  0425cc6333b03ea822df5c9947eaf0e29eedd94a (2026), which renames occupation 5.

Where a table row and an enum disagree, the table row wins unless noted.
Labels keep OpenSID's spelling and case (upper case where OpenSID stores upper
case).

They are code, not per-village tables, on purpose: every table of a village is
multiplied by the number of villages in the database catalogue (see
ARCHITECTURE.md, "Scale facts"), and these lists are the same for every village.

NEVER renumber a value. Exported files, imports and OpenSID databases carry the
numbers. Add new codes only as OpenSID adds them, with OpenSID's number.
"""
import functools
import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Sex(models.IntegerChoices):  # tweb_penduduk_sex
    LAKI_LAKI = 1, _("LAKI-LAKI")
    PEREMPUAN = 2, _("PEREMPUAN")


class Religion(models.IntegerChoices):  # tweb_penduduk_agama
    ISLAM = 1, _("ISLAM")
    KRISTEN = 2, _("KRISTEN")
    KATHOLIK = 3, _("KATHOLIK")
    HINDU = 4, _("HINDU")
    BUDHA = 5, _("BUDHA")
    KHONGHUCU = 6, _("KHONGHUCU")
    LAINNYA = 7, _("Kepercayaan Terhadap Tuhan YME / Lainnya")


class MaritalStatus(models.IntegerChoices):  # tweb_penduduk_kawin
    BELUM_KAWIN = 1, _("BELUM KAWIN")
    KAWIN = 2, _("KAWIN")
    CERAI_HIDUP = 3, _("CERAI HIDUP")
    CERAI_MATI = 4, _("CERAI MATI")


class FamilyRelationship(models.IntegerChoices):  # tweb_penduduk_hubungan (SHDK)
    KEPALA_KELUARGA = 1, _("KEPALA KELUARGA")
    SUAMI = 2, _("SUAMI")
    ISTRI = 3, _("ISTRI")
    ANAK = 4, _("ANAK")
    MENANTU = 5, _("MENANTU")
    CUCU = 6, _("CUCU")
    ORANGTUA = 7, _("ORANGTUA")
    MERTUA = 8, _("MERTUA")
    FAMILI_LAIN = 9, _("FAMILI LAIN")
    PEMBANTU = 10, _("PEMBANTU")
    LAINNYA = 11, _("LAINNYA")


class EducationInKK(models.IntegerChoices):  # tweb_penduduk_pendidikan_kk
    TIDAK_BELUM_SEKOLAH = 1, _("TIDAK / BELUM SEKOLAH")
    BELUM_TAMAT_SD = 2, _("BELUM TAMAT SD/SEDERAJAT")
    TAMAT_SD = 3, _("TAMAT SD / SEDERAJAT")
    SLTP = 4, _("SLTP/SEDERAJAT")
    SLTA = 5, _("SLTA / SEDERAJAT")
    DIPLOMA_I_II = 6, _("DIPLOMA I / II")
    AKADEMI_DIPLOMA_III = 7, _("AKADEMI/ DIPLOMA III/S. MUDA")
    DIPLOMA_IV_STRATA_I = 8, _("DIPLOMA IV/ STRATA I")
    # PendidikanKKEnum repeats "DIPLOMA IV/ STRATA I" for 9 and 10 (a bug there);
    # the table rows say STRATA II and STRATA III.
    STRATA_II = 9, _("STRATA II")
    STRATA_III = 10, _("STRATA III")


class CurrentEducation(models.IntegerChoices):  # tweb_penduduk_pendidikan (sedang ditempuh)
    BELUM_MASUK_TK = 1, _("BELUM MASUK TK/KELOMPOK BERMAIN")
    SEDANG_TK = 2, _("SEDANG TK/KELOMPOK BERMAIN")
    TIDAK_PERNAH_SEKOLAH = 3, _("TIDAK PERNAH SEKOLAH")
    SEDANG_SD = 4, _("SEDANG SD/SEDERAJAT")
    TIDAK_TAMAT_SD = 5, _("TIDAK TAMAT SD/SEDERAJAT")
    SEDANG_SLTP = 6, _("SEDANG SLTP/SEDERAJAT")
    SEDANG_SLTA = 7, _("SEDANG SLTA/SEDERAJAT")
    # OpenSID stores 8 and 11 with two spaces after SEDANG; a browser shows one.
    SEDANG_D1 = 8, _("SEDANG D-1/SEDERAJAT")
    SEDANG_D2 = 9, _("SEDANG D-2/SEDERAJAT")
    SEDANG_D3 = 10, _("SEDANG D-3/SEDERAJAT")
    SEDANG_S1 = 11, _("SEDANG S-1/SEDERAJAT")
    SEDANG_S2 = 12, _("SEDANG S-2/SEDERAJAT")
    SEDANG_S3 = 13, _("SEDANG S-3/SEDERAJAT")
    SEDANG_SLB_A = 14, _("SEDANG SLB A/SEDERAJAT")
    SEDANG_SLB_B = 15, _("SEDANG SLB B/SEDERAJAT")
    SEDANG_SLB_C = 16, _("SEDANG SLB C/SEDERAJAT")
    TIDAK_DAPAT_MEMBACA_MENULIS = 17, _("TIDAK DAPAT MEMBACA DAN MENULIS HURUF LATIN/ARAB")
    TIDAK_SEDANG_SEKOLAH = 18, _("TIDAK SEDANG SEKOLAH")


class Occupation(models.IntegerChoices):  # tweb_penduduk_pekerjaan
    BELUM_TIDAK_BEKERJA = 1, _("BELUM/TIDAK BEKERJA")
    MENGURUS_RUMAH_TANGGA = 2, _("MENGURUS RUMAH TANGGA")
    PELAJAR_MAHASISWA = 3, _("PELAJAR/MAHASISWA")
    PENSIUNAN = 4, _("PENSIUNAN")
    # "PEGAWAI NEGERI SIPIL (PNS)" up to 2025; OpenSID renamed it in 2026.
    APARATUR_SIPIL_NEGARA_ASN = 5, _("APARATUR SIPIL NEGARA (ASN)")
    TENTARA_NASIONAL_INDONESIA_TNI = 6, _("TENTARA NASIONAL INDONESIA (TNI)")
    KEPOLISIAN_RI_POLRI = 7, _("KEPOLISIAN RI (POLRI)")
    PERDAGANGAN = 8, _("PERDAGANGAN")
    PETANI_PEKEBUN = 9, _("PETANI/PEKEBUN")
    PETERNAK = 10, _("PETERNAK")
    NELAYAN_PERIKANAN = 11, _("NELAYAN/PERIKANAN")
    INDUSTRI = 12, _("INDUSTRI")
    KONSTRUKSI = 13, _("KONSTRUKSI")
    TRANSPORTASI = 14, _("TRANSPORTASI")
    KARYAWAN_SWASTA = 15, _("KARYAWAN SWASTA")
    KARYAWAN_BUMN = 16, _("KARYAWAN BUMN")
    KARYAWAN_BUMD = 17, _("KARYAWAN BUMD")
    KARYAWAN_HONORER = 18, _("KARYAWAN HONORER")
    BURUH_HARIAN_LEPAS = 19, _("BURUH HARIAN LEPAS")
    BURUH_TANI_PERKEBUNAN = 20, _("BURUH TANI/PERKEBUNAN")
    BURUH_NELAYAN_PERIKANAN = 21, _("BURUH NELAYAN/PERIKANAN")
    BURUH_PETERNAKAN = 22, _("BURUH PETERNAKAN")
    PEMBANTU_RUMAH_TANGGA = 23, _("PEMBANTU RUMAH TANGGA")
    TUKANG_CUKUR = 24, _("TUKANG CUKUR")
    TUKANG_LISTRIK = 25, _("TUKANG LISTRIK")
    TUKANG_BATU = 26, _("TUKANG BATU")
    TUKANG_KAYU = 27, _("TUKANG KAYU")
    TUKANG_SOL_SEPATU = 28, _("TUKANG SOL SEPATU")
    TUKANG_LAS_PANDAI_BESI = 29, _("TUKANG LAS/PANDAI BESI")
    TUKANG_JAHIT = 30, _("TUKANG JAHIT")
    TUKANG_GIGI = 31, _("TUKANG GIGI")
    PENATA_RIAS = 32, _("PENATA RIAS")
    PENATA_BUSANA = 33, _("PENATA BUSANA")
    PENATA_RAMBUT = 34, _("PENATA RAMBUT")
    MEKANIK = 35, _("MEKANIK")
    SENIMAN = 36, _("SENIMAN")
    TABIB = 37, _("TABIB")
    PARAJI = 38, _("PARAJI")
    PERANCANG_BUSANA = 39, _("PERANCANG BUSANA")
    PENTERJEMAH = 40, _("PENTERJEMAH")
    IMAM_MASJID = 41, _("IMAM MASJID")
    PENDETA = 42, _("PENDETA")
    PASTOR = 43, _("PASTOR")
    WARTAWAN = 44, _("WARTAWAN")
    USTADZ_MUBALIGH = 45, _("USTADZ/MUBALIGH")
    JURU_MASAK = 46, _("JURU MASAK")
    PROMOTOR_ACARA = 47, _("PROMOTOR ACARA")
    ANGGOTA_DPR_RI = 48, _("ANGGOTA DPR-RI")
    ANGGOTA_DPD = 49, _("ANGGOTA DPD")
    ANGGOTA_BPK = 50, _("ANGGOTA BPK")
    PRESIDEN = 51, _("PRESIDEN")
    WAKIL_PRESIDEN = 52, _("WAKIL PRESIDEN")
    ANGGOTA_MAHKAMAH_KONSTITUSI = 53, _("ANGGOTA MAHKAMAH KONSTITUSI")
    ANGGOTA_KABINET_KEMENTERIAN = 54, _("ANGGOTA KABINET KEMENTERIAN")
    DUTA_BESAR = 55, _("DUTA BESAR")
    GUBERNUR = 56, _("GUBERNUR")
    WAKIL_GUBERNUR = 57, _("WAKIL GUBERNUR")
    BUPATI = 58, _("BUPATI")
    WAKIL_BUPATI = 59, _("WAKIL BUPATI")
    WALIKOTA = 60, _("WALIKOTA")
    WAKIL_WALIKOTA = 61, _("WAKIL WALIKOTA")
    ANGGOTA_DPRD_PROVINSI = 62, _("ANGGOTA DPRD PROVINSI")
    ANGGOTA_DPRD_KABUPATEN_KOTA = 63, _("ANGGOTA DPRD KABUPATEN/KOTA")
    DOSEN = 64, _("DOSEN")
    GURU = 65, _("GURU")
    PILOT = 66, _("PILOT")
    PENGACARA = 67, _("PENGACARA")
    NOTARIS = 68, _("NOTARIS")
    ARSITEK = 69, _("ARSITEK")
    AKUNTAN = 70, _("AKUNTAN")
    KONSULTAN = 71, _("KONSULTAN")
    DOKTER = 72, _("DOKTER")
    BIDAN = 73, _("BIDAN")
    PERAWAT = 74, _("PERAWAT")
    APOTEKER = 75, _("APOTEKER")
    PSIKIATER_PSIKOLOG = 76, _("PSIKIATER/PSIKOLOG")
    PENYIAR_TELEVISI = 77, _("PENYIAR TELEVISI")
    PENYIAR_RADIO = 78, _("PENYIAR RADIO")
    PELAUT = 79, _("PELAUT")
    PENELITI = 80, _("PENELITI")
    SOPIR = 81, _("SOPIR")
    PIALANG = 82, _("PIALANG")
    PARANORMAL = 83, _("PARANORMAL")
    PEDAGANG = 84, _("PEDAGANG")
    PERANGKAT_DESA = 85, _("PERANGKAT DESA")
    KEPALA_DESA = 86, _("KEPALA DESA")
    BIARAWATI = 87, _("BIARAWATI")
    WIRASWASTA = 88, _("WIRASWASTA")
    LAINNYA = 89, _("LAINNYA")


class BloodType(models.IntegerChoices):  # tweb_golongan_darah
    A = 1, _("A")
    B = 2, _("B")
    AB = 3, _("AB")
    O = 4, _("O")
    A_PLUS = 5, _("A+")
    A_MINUS = 6, _("A-")
    B_PLUS = 7, _("B+")
    B_MINUS = 8, _("B-")
    AB_PLUS = 9, _("AB+")
    AB_MINUS = 10, _("AB-")
    O_PLUS = 11, _("O+")
    O_MINUS = 12, _("O-")
    TIDAK_TAHU = 13, _("TIDAK TAHU")


class Citizenship(models.IntegerChoices):  # tweb_penduduk_warganegara
    WNI = 1, _("WNI")
    WNA = 2, _("WNA")
    DUA_KEWARGANEGARAAN = 3, _("DUA KEWARGANEGARAAN")


class Disability(models.IntegerChoices):  # tweb_cacat
    CACAT_FISIK = 1, _("CACAT FISIK")
    CACAT_NETRA_BUTA = 2, _("CACAT NETRA/BUTA")
    CACAT_RUNGU_WICARA = 3, _("CACAT RUNGU/WICARA")
    CACAT_MENTAL_JIWA = 4, _("CACAT MENTAL/JIWA")
    CACAT_FISIK_DAN_MENTAL = 5, _("CACAT FISIK DAN MENTAL")
    CACAT_LAINNYA = 6, _("CACAT LAINNYA")
    TIDAK_CACAT = 7, _("TIDAK CACAT")


class ChronicIllness(models.IntegerChoices):  # tweb_sakit_menahun
    JANTUNG = 1, _("JANTUNG")
    LEVER = 2, _("LEVER")
    PARU_PARU = 3, _("PARU-PARU")
    KANKER = 4, _("KANKER")
    STROKE = 5, _("STROKE")
    DIABETES_MELITUS = 6, _("DIABETES MELITUS")
    GINJAL = 7, _("GINJAL")
    MALARIA = 8, _("MALARIA")
    LEPRA_KUSTA = 9, _("LEPRA/KUSTA")
    HIV_AIDS = 10, _("HIV/AIDS")
    GILA_STRESS = 11, _("GILA/STRESS")
    TBC = 12, _("TBC")
    ASTHMA = 13, _("ASTHMA")
    TIDAK_ADA_TIDAK_SAKIT = 14, _("TIDAK ADA/TIDAK SAKIT")


class Contraception(models.IntegerChoices):  # tweb_cara_kb (akseptor KB)
    PIL = 1, _("Pil")
    IUD = 2, _("IUD")
    SUNTIK = 3, _("Suntik")
    KONDOM = 4, _("Kondom")
    SUSUK_KB = 5, _("Susuk KB")
    STERILISASI_WANITA = 6, _("Sterilisasi Wanita")
    STERILISASI_PRIA = 7, _("Sterilisasi Pria")
    LAINNYA = 99, _("Lainnya")
    TIDAK_MENGGUNAKAN = 100, _("Tidak Menggunakan")  # CaraKBEnum from v2410.1.0; not in the v2410.0.0 seed


# tweb_cara_kb.sex: the methods meant for one sex only. Methods not listed
# (Lainnya, Tidak Menggunakan) apply to both.
CONTRACEPTION_SEX = {
    Contraception.PIL: Sex.PEREMPUAN,
    Contraception.IUD: Sex.PEREMPUAN,
    Contraception.SUNTIK: Sex.PEREMPUAN,
    Contraception.KONDOM: Sex.LAKI_LAKI,
    Contraception.SUSUK_KB: Sex.PEREMPUAN,
    Contraception.STERILISASI_WANITA: Sex.PEREMPUAN,
    Contraception.STERILISASI_PRIA: Sex.LAKI_LAKI,
}


class ResidentStatus(models.IntegerChoices):  # tweb_penduduk_status
    TETAP = 1, _("TETAP")
    TIDAK_TETAP = 2, _("TIDAK TETAP")


class BasicStatus(models.IntegerChoices):  # tweb_status_dasar (there is no 5, 7 or 8)
    HIDUP = 1, _("HIDUP")
    MATI = 2, _("MATI")
    PINDAH = 3, _("PINDAH")
    HILANG = 4, _("HILANG")
    PERGI = 6, _("PERGI")
    TIDAK_VALID = 9, _("TIDAK VALID")


class KtpEl(models.IntegerChoices):  # tweb_penduduk.ktp_el, constant KTP_EL
    BELUM = 1, _("BELUM")
    KTP_EL = 2, _("KTP-EL")
    KIA = 3, _("KIA")


class KtpRecordingStatus(models.IntegerChoices):
    """tweb_penduduk.status_rekam.

    The value is tweb_status_ktp.status_rekam, not that table's id (its row 1 is
    BELUM REKAM with status_rekam 2). Statuses 3-8 imply a KTP-el.
    """

    BELUM_WAJIB = 1, _("BELUM WAJIB")
    BELUM_REKAM = 2, _("BELUM REKAM")
    SUDAH_REKAM = 3, _("SUDAH REKAM")
    CARD_PRINTED = 4, _("CARD PRINTED")
    PRINT_READY_RECORD = 5, _("PRINT READY RECORD")
    CARD_SHIPPED = 6, _("CARD SHIPPED")
    SENT_FOR_CARD_PRINTING = 7, _("SENT FOR CARD PRINTING")
    CARD_ISSUED = 8, _("CARD ISSUED")


class Insurance(models.IntegerChoices):  # tweb_penduduk_asuransi
    TIDAK_BELUM_PUNYA = 1, _("Tidak/Belum Punya")
    BPJS_PBI = 2, _("BPJS Penerima Bantuan Iuran")
    BPJS_NON_PBI = 3, _("BPJS Non Penerima Bantuan Iuran")
    BPJS_BANTUAN_DAERAH = 4, _("BPJS Bantuan Daerah")  # AsuransiEnum from v2410.1.0; not in the v2410.0.0 seed
    ASURANSI_LAINNYA = 99, _("Asuransi Lainnya")


class Pregnancy(models.IntegerChoices):  # ref_penduduk_hamil (tweb_penduduk.hamil)
    HAMIL = 1, _("Hamil")
    TIDAK_HAMIL = 2, _("Tidak Hamil")


class PopulationEvent(models.IntegerChoices):  # ref_peristiwa (log_penduduk.kode_peristiwa)
    LAHIR = 1, _("Lahir")
    MATI = 2, _("Mati")
    PINDAH_KELUAR = 3, _("Pindah Keluar")
    HILANG = 4, _("Hilang")
    PINDAH_MASUK = 5, _("Pindah Masuk")
    PERGI = 6, _("Pergi")


class MoveLevel(models.IntegerChoices):  # ref_pindah (log_penduduk.ref_pindah)
    DESA = 1, _("Pindah keluar Desa/Kelurahan")
    KECAMATAN = 2, _("Pindah keluar Kecamatan")
    KABUPATEN = 3, _("Pindah keluar Kabupaten/Kota")
    PROVINSI = 4, _("Pindah keluar Provinsi")


class HouseholdRelationship(models.IntegerChoices):  # tweb_rtm_hubungan
    KEPALA_RUMAH_TANGGA = 1, _("Kepala Rumah Tangga")
    ANGGOTA = 2, _("Anggota")


class FamilyWelfare(models.IntegerChoices):  # tweb_keluarga_sejahtera
    PRA_SEJAHTERA = 1, _("Keluarga Pra Sejahtera")
    SEJAHTERA_I = 2, _("Keluarga Sejahtera I")
    SEJAHTERA_II = 3, _("Keluarga Sejahtera II")
    SEJAHTERA_III = 4, _("Keluarga Sejahtera III")
    SEJAHTERA_III_PLUS = 5, _("Keluarga Sejahtera III Plus")


# Birth-certificate data (tweb_penduduk.tempat_dilahirkan, jenis_kelahiran,
# penolong_kelahiran). Akta lahir itself is a free-text number in OpenSID.
class BirthPlace(models.IntegerChoices):  # constant TEMPAT_DILAHIRKAN
    RS_RB = 1, _("RS/RB")
    PUSKESMAS = 2, _("Puskemas")  # sic: OpenSID's spelling; "Puskesmas" is accepted too
    POLINDES = 3, _("Polindes")
    RUMAH = 4, _("Rumah")
    LAINNYA = 5, _("Lainnya")


class BirthType(models.IntegerChoices):  # constant JENIS_KELAHIRAN
    TUNGGAL = 1, _("Tunggal")
    KEMBAR_2 = 2, _("Kembar 2")
    KEMBAR_3 = 3, _("Kembar 3")
    KEMBAR_4 = 4, _("Kembar 4")


class BirthAttendant(models.IntegerChoices):  # constant PENOLONG_KELAHIRAN
    DOKTER = 1, _("Dokter")
    BIDAN_PERAWAT = 2, _("Bidan Perawat")
    DUKUN = 3, _("Dukun")
    LAINNYA = 4, _("Lainnya")


# Death records (log_penduduk.penolong_mati, log_penduduk.sebab).
class DeathAttendant(models.IntegerChoices):  # LogPenduduk::PENOLONG_MATI
    DOKTER = 1, _("Dokter")
    TENAGA_KESEHATAN = 2, _("Tenaga Kesehatan")
    KEPOLISIAN = 3, _("Kepolisian")
    LAINNYA = 4, _("Lainnya")


class CauseOfDeath(models.IntegerChoices):  # LogPenduduk::PENYEBAB_KEMATIAN
    SAKIT_BIASA_TUA = 1, _("Sakit biasa / tua")
    WABAH_PENYAKIT = 2, _("Wabah Penyakit")
    KECELAKAAN = 3, _("Kecelakaan")
    KRIMINALITAS = 4, _("Kriminalitas")
    BUNUH_DIRI = 5, _("Bunuh Diri")
    LAINNYA = 6, _("Lainnya")


# tweb_penduduk_umur rows with status 1 (statistic "rentang umur"):
# (label, minimum age, maximum age or None), both ends inclusive, in whole years,
# as OpenSID counts them. OpenSID's first band is 0-1 despite its label, so
# one-year-olds fall in it.
AGE_RANGES = (
    (_("Di bawah 1 Tahun"), 0, 1),
    (_("2 s/d 4 Tahun"), 2, 4),
    (_("5 s/d 9 Tahun"), 5, 9),
    (_("10 s/d 14 Tahun"), 10, 14),
    (_("15 s/d 19 Tahun"), 15, 19),
    (_("20 s/d 24 Tahun"), 20, 24),
    (_("25 s/d 29 Tahun"), 25, 29),
    (_("30 s/d 34 Tahun"), 30, 34),
    (_("35 s/d 39 Tahun"), 35, 39),
    (_("40 s/d 44 Tahun"), 40, 44),
    (_("45 s/d 49 Tahun"), 45, 49),
    (_("50 s/d 54 Tahun"), 50, 54),
    (_("55 s/d 59 Tahun"), 55, 59),
    (_("60 s/d 64 Tahun"), 60, 64),
    (_("65 s/d 69 Tahun"), 65, 69),
    (_("70 s/d 74 Tahun"), 70, 74),
    (_("Di atas 75 Tahun"), 75, None),
)

# tweb_penduduk_umur rows with status 0 (statistic "kategori umur"), same shape.
# OpenSID seeds these per village and lets an operator edit them; Balai uses
# the seeded defaults.
AGE_CATEGORIES = (
    (_("BALITA"), 0, 5),
    (_("ANAK-ANAK"), 6, 17),
    (_("DEWASA"), 18, 30),
    (_("TUA"), 31, None),
)

# UmurEnum::WAJIB_KTP. A married (or once married) resident needs a KTP when
# younger too.
KTP_MANDATORY_AGE = 17

STATISTIC_CODE_LISTS: dict[str, type[models.IntegerChoices]] = {
    "sex": Sex,
    "religion": Religion,
    "marital-status": MaritalStatus,
    "family-relationship": FamilyRelationship,
    "education-kk": EducationInKK,
    "education-current": CurrentEducation,
    "occupation": Occupation,
    "blood-type": BloodType,
    "citizenship": Citizenship,
    "disability": Disability,
    "chronic-illness": ChronicIllness,
    "contraception": Contraception,
    "resident-status": ResidentStatus,
    "ktp-el": KtpEl,
    "insurance": Insurance,
}

# Other spellings OpenSID's Excel import accepts (Impor_model.php), labels that
# OpenSID used before or shows elsewhere, and common spellings of OpenSID typos.
_ALIASES: dict[type[models.IntegerChoices], dict[str, int]] = {
    Sex: {"L": 1, "LK": 1, "P": 2, "PR": 2},
    EducationInKK: {
        "Tidak/Blm Sekolah": 1,
        "Tidak Tamat SD/Sederajat": 2,
        "Akademi/Diploma III/Sarjana Muda": 7,
        "Strata-II": 9,
    },
    MaritalStatus: {"BK": 1, "K": 2, "CH": 3, "CM": 4},
    BasicStatus: {"PINDAH DALAM NEGERI": 3, "PINDAH LUAR NEGERI": 3},
    BloodType: {"Tdk Th": 13},
    Occupation: {"PEGAWAI NEGERI SIPIL (PNS)": 5},
    # LogPenduduk::kodePeristiwaAll() names.
    PopulationEvent: {"Baru Lahir": 1, "Baru Pindah Masuk": 5, "Tidak Tetap Pergi": 6},
    BirthPlace: {"Puskesmas": 2},
}

_NUMBER = re.compile(r"\d+(?:\.0*)?")


def _strict_key(text: str) -> str:
    # OpenSID's importer compares lower-cased text with every space removed,
    # which also makes "SLTA / SEDERAJAT" equal "SLTA/SEDERAJAT".
    return "".join(text.split()).casefold()


def _loose_key(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


@functools.cache
def _lookup(choices_class: type[models.IntegerChoices]) -> tuple[dict[str, int], dict[str, int]]:
    # Match OpenSID's Indonesian labels, not whatever language is active.
    with translation.override(None):
        entries = [(str(label), value) for value, label in choices_class.choices]
    entries += list(_ALIASES.get(choices_class, {}).items())
    strict: dict[str, int] = {}
    loose: dict[str, int] = {}
    ambiguous = set()
    for text, value in entries:
        strict.setdefault(_strict_key(text), value)
        key = _loose_key(text)
        if loose.setdefault(key, value) != value:
            ambiguous.add(key)
    # Without punctuation "A+", "A-" and "A" are one key: such keys match nothing.
    for key in ambiguous:
        del loose[key]
    return strict, loose


@functools.cache
def _members(choices_class: type[models.IntegerChoices]) -> dict[int, models.IntegerChoices]:
    # ``choices_class.values`` builds a new list on every call; an import asks 400,000 times.
    return {member.value: member for member in choices_class}


def code_for_label(choices_class: type[models.IntegerChoices], text) -> int | None:
    """The code of ``choices_class`` that ``text`` names, or None.

    ``text`` is a code (int, or digits as OpenSID's Excel import accepts, "5" or
    "5.0") or a label compared case-insensitively, ignoring spaces and, where
    that stays unambiguous, punctuation ("laki laki", "SLTA/Sederajat",
    "ktp el"). Returns the member, an int; None when nothing matches.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if isinstance(text, int):
        return _members(choices_class).get(text)
    text = str(text).strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return code_for_label(choices_class, int(text.split(".")[0]))
    strict, loose = _lookup(choices_class)
    value = strict.get(_strict_key(text))
    if value is None:
        value = loose.get(_loose_key(text))
    return None if value is None else _members(choices_class)[value]
