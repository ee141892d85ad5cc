"""The one guard of every billing page on the control plane.

Platform staff today, as /ops/fleet/. When ops roles arrive (ops-admin,
ops-support, billing), change this one decorator.
"""
from django.contrib.admin.views.decorators import staff_member_required

billing_ops_required = staff_member_required(login_url="accounts:login")
