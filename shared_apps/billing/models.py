"""Plans, each village's subscription, and what Stripe told us (public schema)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """A plan as data. Prices are whole rupiah per year; limits left empty mean no limit."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    description = models.TextField(_("keterangan"), blank=True)
    price_idr_per_year = models.PositiveBigIntegerField(_("harga per tahun (Rp)"), default=0)
    trial_days = models.PositiveSmallIntegerField(_("masa uji coba (hari)"), default=0)
    max_residents = models.PositiveIntegerField(_("batas penduduk"), null=True, blank=True)
    max_staff_accounts = models.PositiveIntegerField(_("batas akun staf"), null=True, blank=True)
    features = models.JSONField(_("fitur"), default=list, blank=True)
    # Offered on the signup page; a retired plan keeps its subscribers.
    is_public = models.BooleanField(_("ditawarkan"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    # Filled the first time the plan is sold through Stripe (services.plan_stripe_price).
    stripe_price_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["sort_order", "price_idr_per_year"]
        verbose_name = _("paket")
        verbose_name_plural = _("paket")

    def __str__(self):
        return self.name

    @property
    def is_paid(self) -> bool:
        return self.price_idr_per_year > 0


class Subscription(models.Model):
    """One per village. ``status`` is Balai's state; Stripe's own status is kept
    beside it in ``stripe_status``.

    trialing → active → past_due → grace → suspended → active (on payment);
    canceled when a subscription ends at its period end.
    """

    class Status(models.TextChoices):
        TRIALING = "trialing", _("Masa uji coba")
        ACTIVE = "active", _("Aktif")
        PAST_DUE = "past_due", _("Lewat jatuh tempo")
        GRACE = "grace", _("Masa tenggang")
        SUSPENDED = "suspended", _("Ditangguhkan")
        CANCELED = "canceled", _("Berhenti")

    village = models.OneToOneField("tenants.Village", on_delete=models.PROTECT, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.TRIALING)
    billing_email = models.EmailField(_("email penagihan"))
    trial_ends_at = models.DateTimeField(_("akhir uji coba"), null=True, blank=True)
    current_period_end = models.DateTimeField(_("akhir periode"), null=True, blank=True)
    past_due_since = models.DateTimeField(null=True, blank=True)
    grace_ends_at = models.DateTimeField(_("akhir masa tenggang"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # True only when billing (not ops) suspended the village: billing resumes
    # only what it suspended itself.
    suspended_by_billing = models.BooleanField(default=False)
    stripe_customer_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_subscription_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_status = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("langganan")
        verbose_name_plural = _("langganan")
        indexes = [models.Index(fields=["status"], name="billing_sub_status_idx")]

    def __str__(self):
        return f"{self.village} — {self.get_status_display()}"


class StripeEvent(models.Model):
    """A webhook event, stored once by its id: a replay finds it and is ignored."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()
    subscription = models.ForeignKey(Subscription, null=True, on_delete=models.SET_NULL, related_name="events")
    outcome = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)


class Invoice(models.Model):
    """A Stripe invoice as last seen. Its status only moves forward
    (draft → open → paid/void/uncollectible), whatever order events arrive in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Menunggu pembayaran")
        PAID = "paid", _("Lunas")
        UNCOLLECTIBLE = "uncollectible", _("Tidak tertagih")
        VOID = "void", _("Dibatalkan")

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="invoices")
    stripe_invoice_id = models.CharField(max_length=255, unique=True)
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    collection_method = models.CharField(max_length=32, blank=True)
    amount_due_idr = models.PositiveBigIntegerField(default=0)
    amount_paid_idr = models.PositiveBigIntegerField(default=0)
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class Payment(models.Model):
    """A payment Balai recorded: one per paid invoice, however often Stripe says so."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="payment")
    amount_idr = models.PositiveBigIntegerField()
    out_of_band = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)


class SentReminder(models.Model):
    """A reminder email sent: at most one per subscription, kind and period."""

    class Kind(models.TextChoices):
        TRIAL_ENDING = "trial_ending", _("Uji coba akan berakhir")
        RENEWAL = "renewal", _("Perpanjangan")
        PAST_DUE = "past_due", _("Lewat jatuh tempo")
        SUSPENSION = "suspension", _("Akan ditangguhkan")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    period_key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "kind", "period_key"], name="billing_reminder_once"),
        ]
