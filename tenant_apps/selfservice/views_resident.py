"""Pages of the signed-in resident (layanan mandiri) on the village's host."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from config.forms import add_service_errors
from tenant_apps.letters.models import Letter
from tenant_apps.letters.views import pdf_name, pdf_response
from tenant_apps.selfservice import services
from tenant_apps.selfservice.forms import CompleteForm, PinChangeForm, RequestForm, SignInForm
from tenant_apps.selfservice.models import LetterRequest
from tenant_apps.selfservice.pins import SignInRefused, resident_pin_change, resident_sign_in
from tenant_apps.selfservice.selectors import (
    access_own_document, access_own_request, family_members, field_values, requestable_types,
)
from tenant_apps.selfservice.session import (
    ResidentRequiredMixin, request_resident_account, resident_session_close, resident_session_open,
)

Status = LetterRequest.Status


def document_response(document) -> HttpResponse:
    """A stored upload, as a download that no browser renders or caches."""
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@method_decorator(sensitive_post_parameters("pin"), name="dispatch")
class SignInView(View):
    template = "selfservice/sign_in.html"

    def get(self, request):
        if request_resident_account(request) is not None:
            return redirect("selfservice:home")
        return render(request, self.template, {"form": SignInForm(), "next": request.GET.get("next", "")})

    def post(self, request):
        form = SignInForm(request.POST)
        if form.is_valid():
            try:
                account = resident_sign_in(request=request, nik=form.cleaned_data["nik"], pin=form.cleaned_data["pin"])
            except SignInRefused as refused:
                form.add_error(None, refused.message)
            else:
                resident_session_open(request, account)
                target = request.POST.get("next") or ""
                if not target.startswith("/layanan-mandiri/") or not url_has_allowed_host_and_scheme(
                        target, allowed_hosts={request.get_host()}):
                    target = "selfservice:home"
                if account.pin_set_by_staff:
                    messages.info(request, _("PIN Anda dibuat oleh petugas desa. Gantilah dengan PIN pilihan Anda."))
                return redirect(target)
        return render(request, self.template, {"form": form, "next": request.POST.get("next", "")}, status=400)


class SignOutView(View):
    def post(self, request):
        resident_session_close(request)
        return redirect("selfservice:sign-in")


class HomeView(ResidentRequiredMixin, View):
    def get(self, request):
        return render(request, "selfservice/home.html", {
            "resident": self.resident, "family": family_members(self.resident),
            "requests": LetterRequest.objects.filter(resident=self.resident).select_related("letter_type"),
            "must_change_pin": self.account.pin_set_by_staff,
        })


@method_decorator(sensitive_post_parameters("current_pin", "new_pin", "new_pin_again"), name="dispatch")
class PinChangeView(ResidentRequiredMixin, View):
    template = "selfservice/pin_change.html"

    def get(self, request):
        return render(request, self.template, {"form": PinChangeForm()})

    def post(self, request):
        form = PinChangeForm(request.POST)
        if form.is_valid():
            try:
                account = resident_pin_change(resident=self.resident, current_pin=form.cleaned_data["current_pin"],
                                              new_pin=form.cleaned_data["new_pin"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                resident_session_open(request, account)  # the old fingerprint no longer matches
                messages.success(request, _("PIN Anda sudah diganti."))
                return redirect("selfservice:home")
        return render(request, self.template, {"form": form}, status=400)


class TypeChoiceView(ResidentRequiredMixin, View):
    def get(self, request):
        return render(request, "selfservice/type_choice.html", {"types": requestable_types()})


class RequestFormView(ResidentRequiredMixin, View):
    template = "selfservice/request_form.html"

    def get(self, request, code):
        letter_type = get_object_or_404(requestable_types(), code=code)
        return render(request, self.template, {"form": RequestForm(letter_type=letter_type)})

    def post(self, request, code):
        letter_type = get_object_or_404(requestable_types(), code=code)
        form = RequestForm(request.POST, request.FILES, letter_type=letter_type)
        if form.is_valid():
            try:
                submitted = services.letter_request_submit(resident=self.resident, letter_type=letter_type,
                                                           fields=form.letter_fields(), documents=form.documents())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Permohonan terkirim. Petugas desa akan memeriksanya."))
                return redirect("selfservice:request", pk=submitted.pk)
        return render(request, self.template, {"form": form}, status=400)


class RequestDetailView(ResidentRequiredMixin, View):
    def get(self, request, pk):
        own = access_own_request(self.resident, pk)
        return render(request, "selfservice/request_detail.html", {
            "item": own, "field_values": field_values(own), "events": own.events.all(), "documents": own.documents.defer("content"),
            "complete_form": CompleteForm(), "can_download": own.status in (Status.READY, Status.PICKED_UP),
        })


class RequestCompleteView(ResidentRequiredMixin, View):
    def post(self, request, pk):
        own = access_own_request(self.resident, pk)
        form = CompleteForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors)
            documents = [(str(_("Dokumen tambahan")), form.cleaned_data["document"])] if form.cleaned_data["document"] else []
            services.letter_request_complete(resident=self.resident, request=own, note=form.cleaned_data["note"],
                                             documents=documents)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Permohonan dikirim kembali untuk diperiksa."))
        return redirect("selfservice:request", pk=pk)


class RequestCancelView(ResidentRequiredMixin, View):
    def post(self, request, pk):
        try:
            services.letter_request_cancel_by_resident(resident=self.resident,
                                                       request=access_own_request(self.resident, pk))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Permohonan dibatalkan."))
        return redirect("selfservice:request", pk=pk)


class RequestPdfView(ResidentRequiredMixin, View):
    def get(self, request, pk):
        own = access_own_request(self.resident, pk)
        if own.status not in (Status.READY, Status.PICKED_UP) or own.letter is None or own.letter.status != Letter.Status.ISSUED:
            return render(request, "selfservice/not_ready.html", {"item": own}, status=404)
        return pdf_response(own.letter.pdf, pdf_name(own.letter), inline=False)


class DocumentView(ResidentRequiredMixin, View):
    def get(self, request, pk):
        return document_response(access_own_document(self.resident, pk))
