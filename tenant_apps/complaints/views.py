"""Complaints: the public form and status page, and the staff pages."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors
from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.accounts.roles import role_has_permission
from shared_apps.accounts.selectors import request_membership
from shared_apps.accounts.throttle import WINDOW_SECONDS, Counter, client_address, counters_exceeded, counters_increment
from tenant_apps.complaints.forms import ComplaintForm, ReplyForm
from tenant_apps.complaints.models import Complaint
from tenant_apps.complaints.services import complaint_reply, complaint_submit

# Complaints one address may send per 15 minutes, and unknown codes it may try.
SUBMISSIONS_PER_ADDRESS = 5
MISSES_PER_ADDRESS = 30


def _per_address(request, scope: str, limit: int) -> list[Counter]:
    return [Counter(f"{scope}:address:{client_address(request)}", limit, WINDOW_SECONDS)]


class ComplaintFormView(View):
    template = "complaints/form.html"

    def get(self, request):
        return render(request, self.template, {"form": ComplaintForm()})

    def post(self, request):
        form = ComplaintForm(request.POST, request.FILES)
        if counters_exceeded(_per_address(request, "complaint", SUBMISSIONS_PER_ADDRESS)):
            form.add_error(None, _("Terlalu banyak pengaduan dari alamat ini. Coba lagi dalam 15 menit."))
            return render(request, self.template, {"form": form}, status=429)
        if form.is_valid():
            if form.cleaned_data["website"]:
                form.add_error(None, _("Pengaduan tidak dapat dikirim. Kosongkan isian yang tersembunyi."))
            else:
                try:
                    complaint = complaint_submit(name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                                                 text=form.cleaned_data["text"], photo=form.cleaned_data["photo"])
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    counters_increment(_per_address(request, "complaint", SUBMISSIONS_PER_ADDRESS))
                    messages.success(request, _("Pengaduan terkirim. Simpan kode ini untuk melihat tanggapan desa."))
                    return redirect("complaints:status", code=complaint.code)
        return render(request, self.template, {"form": form}, status=400)


class ComplaintStatusView(View):
    def get(self, request, code=None):
        if code is None:
            typed = request.GET.get("kode", "").strip().upper()
            return redirect("complaints:status", code=typed) if typed else render(request, "complaints/status.html", {})
        if counters_exceeded(_per_address(request, "complaint-status", MISSES_PER_ADDRESS)):
            return render(request, "complaints/status.html", {"code": code, "limited": True}, status=429)
        complaint = Complaint.objects.filter(code=code.upper()).first()
        if complaint is None:
            counters_increment(_per_address(request, "complaint-status", MISSES_PER_ADDRESS))
        response = render(request, "complaints/status.html", {
            "complaint": complaint, "code": code, "replies": complaint.replies.all() if complaint else []},
            status=200 if complaint else 404)
        response["Cache-Control"] = "private, no-store"
        return response


class ComplaintListView(VillagePermissionMixin, View):
    required = {"GET": "complaints.view"}

    def get(self, request):
        status = request.GET.get("status", "")
        complaints = Complaint.objects.defer("photo")
        if status in Complaint.Status.values:
            complaints = complaints.filter(status=status)
        page = Paginator(complaints, 50).get_page(request.GET.get("page"))
        return render(request, "complaints/list.html", {"page": page, "status": status,
                                                        "statuses": Complaint.Status.choices})


class ComplaintDetailView(VillagePermissionMixin, View):
    required = {"GET": "complaints.view", "POST": "complaints.manage"}

    def get(self, request, pk, form=None):
        complaint = get_object_or_404(Complaint.objects.defer("photo"), pk=pk)
        can_reply = role_has_permission(request_membership(request).role, "complaints.manage")
        return render(request, "complaints/detail.html", {
            "complaint": complaint, "replies": complaint.replies.all(), "can_reply": can_reply,
            "form": form or ReplyForm(initial={"status": complaint.status if complaint.status != "waiting" else "progress"}),
        }, status=400 if form else 200)

    def post(self, request, pk):
        complaint = get_object_or_404(Complaint, pk=pk)
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                complaint_reply(actor=request.user, complaint=complaint, text=form.cleaned_data["text"],
                                status=form.cleaned_data["status"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tanggapan tersimpan."))
                return redirect("complaints:detail", pk=pk)
        return self.get(request, pk, form=form)


class ComplaintPhotoView(VillagePermissionMixin, View):
    required = {"GET": "complaints.view"}

    def get(self, request, pk):
        complaint = get_object_or_404(Complaint.objects.exclude(photo=None), pk=pk)
        response = HttpResponse(bytes(complaint.photo), content_type=complaint.photo_type)
        response["Content-Disposition"] = f'inline; filename="pengaduan-{complaint.pk}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
