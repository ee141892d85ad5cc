"""Staff pages of the letter service: the archive, issuing, one letter."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors
from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.accounts.roles import role_has_permission
from shared_apps.accounts.selectors import request_membership
from tenant_apps.letters.forms import IssueForm, RevokeForm
from tenant_apps.letters.models import Letter, LetterType, Official
from tenant_apps.letters.services import letter_issue, letter_preview, letter_revoke, letter_verify
from tenant_apps.population.view_helpers import page_of


def pdf_response(content: bytes, name: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_name(letter: Letter) -> str:
    return f"surat-{letter.number.replace('/', '-') or letter.pk}.pdf"


class LetterListView(VillagePermissionMixin, View):
    required = {"GET": "letters.view"}

    def get(self, request):
        letters = Letter.objects.select_related("letter_type", "resident")
        search = request.GET.get("search", "").strip()
        if search:
            letters = letters.filter(Q(number__icontains=search) | Q(resident__name__icontains=search)
                                     | Q(subject__nama__icontains=search))
        status = request.GET.get("status", "")
        if status in Letter.Status.values:
            letters = letters.filter(status=status)
        page, query = page_of(request, letters)
        return render(request, "letters/letter_list.html", {
            "page": page, "query": query, "search": search, "status": status, "statuses": Letter.Status.choices,
            "types": LetterType.objects.filter(active=True),
            "waiting": Letter.objects.filter(status=Letter.Status.AWAITING_VERIFICATION).count(),
        })


class IssueView(VillagePermissionMixin, View):
    """Issue a letter of one type; "Pratinjau" shows the PDF without numbering it."""

    required = {"GET": "letters.issue", "POST": "letters.issue"}
    template = "letters/issue.html"

    def get(self, request, code):
        letter_type = get_object_or_404(LetterType, code=code, active=True)
        return render(request, self.template, self._context(IssueForm(letter_type=letter_type)))

    def post(self, request, code):
        letter_type = get_object_or_404(LetterType, code=code, active=True)
        form = IssueForm(request.POST, letter_type=letter_type)
        if form.is_valid():
            arguments = {"letter_type": letter_type, "resident": form.cleaned_data["resident_nik"],
                         "subject": form.subject(), "fields": form.letter_fields(),
                         "official": form.cleaned_data["official"]}
            try:
                if "preview" in request.POST:
                    return pdf_response(letter_preview(**arguments), "pratinjau.pdf")
                membership = request_membership(request)
                letter = letter_issue(actor=request.user, role=membership.role, **arguments)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if letter.status == Letter.Status.ISSUED:
                    messages.success(request, _("Surat %(number)s terbit.") % {"number": letter.number})
                else:
                    messages.success(request, _("Surat dicatat dan menunggu pemeriksaan kepala desa/sekretaris."))
                return redirect("letters:letter", pk=letter.pk)
        return render(request, self.template, self._context(form), status=400)

    def _context(self, form):
        return {"form": form, "letter_type": form.letter_type, "no_officials": not Official.objects.filter(active=True).exists()}


class LetterDetailView(VillagePermissionMixin, View):
    required = {"GET": "letters.view"}

    def get(self, request, pk):
        letter = get_object_or_404(Letter.objects.select_related("letter_type", "resident", "official"), pk=pk)
        role = request_membership(request).role
        return render(request, "letters/letter_detail.html", {
            "letter": letter, "revoke_form": RevokeForm(),
            "can_verify": role_has_permission(role, "letters.verify"), "can_revoke": role_has_permission(role, "letters.issue"),
        })


class LetterPdfView(VillagePermissionMixin, View):
    """The PDF as issued, byte for byte: it is stored, never printed again."""

    required = {"GET": "letters.view"}

    def get(self, request, pk):
        letter = get_object_or_404(Letter.objects.exclude(pdf=None), pk=pk)
        return pdf_response(letter.pdf, pdf_name(letter), inline=False)


class LetterVerifyView(VillagePermissionMixin, View):
    required = {"POST": "letters.verify"}

    def post(self, request, pk):
        try:
            letter = letter_verify(actor=request.user, role=request_membership(request).role,
                                   letter=get_object_or_404(Letter, pk=pk))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Surat %(number)s terbit.") % {"number": letter.number})
        return redirect("letters:letter", pk=pk)


class LetterRevokeView(VillagePermissionMixin, View):
    required = {"POST": "letters.issue"}

    def post(self, request, pk):
        form = RevokeForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError({"reason": [_("Tuliskan alasan pencabutan.")]})
            letter_revoke(actor=request.user, letter=get_object_or_404(Letter, pk=pk), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Surat dicabut."))
        return redirect("letters:letter", pk=pk)
