"""Staff pages that set the letter service up: types and their templates,
numbering and checking, the officials who sign."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.letters.forms import ImportTypesForm, LetterTypeForm, OfficialForm, SettingsForm
from tenant_apps.letters.letter_types import (
    letter_type_save, letter_types_export, letter_types_import, letter_types_install_shipped,
)
from tenant_apps.letters.models import LetterType, Official
from tenant_apps.letters.services import letter_settings, letter_settings_update, official_save
from tenant_apps.letters.values import catalogue

MANAGE = {"GET": "letters.manage", "POST": "letters.manage"}
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class LetterTypeListView(VillagePermissionMixin, View):
    required = MANAGE

    def get(self, request):
        return render(request, "letters/type_list.html", {
            "types": LetterType.objects.all(), "import_form": ImportTypesForm(),
            "settings_form": SettingsForm(instance=letter_settings()),
            "officials": Official.objects.all(), "official_form": OfficialForm(),
        })

    def post(self, request):
        """Install the shipped types that are missing, or import a JSON export."""
        if "install" in request.POST:
            added = letter_types_install_shipped(actor=request.user)
            messages.success(request, _("%(count)s jenis surat bawaan ditambahkan.") % {"count": added})
            return redirect("letters:types")
        form = ImportTypesForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ValidationError(_("Pilih berkas JSON."))
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                raise ValidationError(_("Berkas lebih dari 2 MB; ini bukan ekspor jenis surat."))
            counts = letter_types_import(actor=request.user, content=upload.read())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Impor selesai: %(added)s baru, %(updated)s diperbarui.") % counts)
        return redirect("letters:types")


class LetterTypeExportView(VillagePermissionMixin, View):
    required = {"GET": "letters.manage"}

    def get(self, request):
        response = HttpResponse(letter_types_export(LetterType.objects.all()), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="jenis-surat.json"'
        return response


class LetterTypeFormView(VillagePermissionMixin, View):
    required = MANAGE
    template = "letters/type_form.html"

    def get(self, request, pk=None):
        letter_type = get_object_or_404(LetterType, pk=pk) if pk else None
        initial = ({key: getattr(letter_type, key) for key in LetterTypeForm.base_fields} if letter_type
                   else {"paper": LetterType.Paper.F4, "needs_resident": True, "active": True, "form_fields": []})
        return render(request, self.template, {"form": LetterTypeForm(initial=initial), "letter_type": letter_type,
                                               "catalogue": catalogue()})

    def post(self, request, pk=None):
        letter_type = get_object_or_404(LetterType, pk=pk) if pk else None
        form = LetterTypeForm(request.POST)
        if form.is_valid():
            try:
                letter_type = letter_type_save(actor=request.user, data={**form.cleaned_data,
                                               "form_fields": form.cleaned_data["form_fields"] or []},
                                               letter_type=letter_type)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Jenis surat tersimpan."))
                return redirect("letters:types")
        return render(request, self.template, {"form": form, "letter_type": letter_type, "catalogue": catalogue()},
                      status=400)


class LetterSettingsView(VillagePermissionMixin, View):
    required = {"POST": "letters.manage"}

    def post(self, request):
        form = SettingsForm(request.POST, instance=letter_settings())
        try:
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            letter_settings_update(actor=request.user, **{key: form.cleaned_data[key] for key in SettingsForm.Meta.fields})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Pengaturan surat tersimpan."))
        return redirect("letters:types")


class OfficialFormView(VillagePermissionMixin, View):
    required = {"POST": "letters.manage"}

    def post(self, request, pk=None):
        official = get_object_or_404(Official, pk=pk) if pk else None
        form = OfficialForm(request.POST, instance=official)
        try:
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            official_save(actor=request.user, data=form.cleaned_data, official=official)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Penanda tangan tersimpan."))
        return redirect("letters:types")
