"""Staff pages of self-service: the queue of letter requests and residents' PINs."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors
from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.accounts.roles import role_has_permission
from shared_apps.accounts.selectors import request_membership
from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.selfservice import services
from tenant_apps.letters.models import LetterType
from tenant_apps.selfservice.forms import IssueForm, NoteForm, PinResetForm, RequiredDocumentsForm
from tenant_apps.selfservice.models import LetterRequest, RequestDocument
from tenant_apps.selfservice.pins import resident_pin_reset
from tenant_apps.selfservice.selectors import field_values, request_queue, required_documents_by_type
from tenant_apps.selfservice.views_resident import document_response


class QueueView(VillagePermissionMixin, View):
    required = {"GET": "requests.view"}

    def get(self, request):
        status = request.GET.get("status", "")
        page = Paginator(request_queue(status), 50).get_page(request.GET.get("page"))
        return render(request, "selfservice/queue.html", {
            "page": page, "status": status, "statuses": LetterRequest.Status.choices})


class QueueDetailView(VillagePermissionMixin, View):
    required = {"GET": "requests.view"}

    def get(self, request, pk):
        item = get_object_or_404(request_queue(), pk=pk)
        role = request_membership(request).role
        return render(request, "selfservice/queue_detail.html", {
            "item": item, "field_values": field_values(item), "events": item.events.all(), "documents": item.documents.defer("content"),
            "issue_form": IssueForm(), "note_form": NoteForm(),
            "can_manage": role_has_permission(role, "requests.manage"),
            "can_sign": role_has_permission(role, "letters.verify"),
        })


class QueueActionView(VillagePermissionMixin, View):
    """One step on a request: issue, sign, mark incomplete, picked up, cancel."""

    required = {"POST": "requests.manage"}

    def post(self, request, pk, action):
        item = get_object_or_404(LetterRequest, pk=pk)
        role = request_membership(request).role
        note = request.POST.get("note", "")
        try:
            if action == "terbitkan":
                form = IssueForm(request.POST)
                if not form.is_valid():
                    raise ValidationError({"official": [_("Pilih penanda tangan.")]})
                item = services.letter_request_issue(actor=request.user, role=role, request=item,
                                                     official=form.cleaned_data["official"])
            elif action == "tanda-tangan":
                item = services.letter_request_sign(actor=request.user, role=role, request=item)
            elif action == "belum-lengkap":
                item = services.letter_request_mark_incomplete(actor=request.user, request=item, note=note)
            elif action == "diambil":
                item = services.letter_request_picked_up(actor=request.user, request=item)
            elif action == "batal":
                item = services.letter_request_cancel(actor=request.user, request=item, note=note)
            else:
                return redirect("selfservice:queue-item", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status permohonan: %(status)s.") % {"status": item.get_status_display()})
        return redirect("selfservice:queue-item", pk=pk)


class QueueDocumentView(VillagePermissionMixin, View):
    required = {"GET": "requests.view"}

    def get(self, request, pk):
        return document_response(get_object_or_404(RequestDocument, pk=pk))


class PinResetView(VillagePermissionMixin, View):
    """An operator sets or resets a resident's PIN; the PIN is shown on this page once."""

    required = {"GET": "selfservice.pin", "POST": "selfservice.pin"}
    template = "selfservice/pin_reset.html"

    def get(self, request):
        return render(request, self.template, {"form": PinResetForm()})

    def post(self, request):
        form = PinResetForm(request.POST)
        if form.is_valid():
            resident = Resident.objects.filter(nik=form.cleaned_data["nik"],
                                               basic_status=codes.BasicStatus.HIDUP).first()
            if resident is None:
                form.add_error("nik", _("Tidak ada penduduk hidup dengan NIK ini di desa ini."))
            else:
                try:
                    pin = resident_pin_reset(actor=request.user, resident=resident)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    response = render(request, self.template, {"form": PinResetForm(), "pin": pin,
                                                               "resident": resident})
                    response["Cache-Control"] = "private, no-store"
                    return response
        return render(request, self.template, {"form": form}, status=400)


class RequiredDocumentsView(VillagePermissionMixin, View):
    """Which documents residents upload with a request, per letter type."""

    required = {"GET": "requests.view", "POST": "requests.manage"}

    def get(self, request, status=200):
        return render(request, "selfservice/required_documents.html", {"rows": required_documents_by_type()},
                      status=status)

    def post(self, request):
        letter_type = get_object_or_404(LetterType, code=request.POST.get("code", ""))
        form = RequiredDocumentsForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError({"labels": [_("Daftar dokumen terlalu panjang.")]})
            services.required_documents_save(actor=request.user, letter_type=letter_type, labels=form.label_list())
        except ValidationError as exc:
            messages.error(request, f"{letter_type.code}: {' '.join(exc.messages)}")
            return self.get(request, status=400)
        messages.success(request, _("Dokumen wajib %(code)s tersimpan.") % {"code": letter_type.code})
        return redirect("selfservice:required-documents")
