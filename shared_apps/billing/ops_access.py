"""The guard of every billing page on the control plane, in one place: the ops
console's roles (ops-admin and billing may see and act; ops-support may not),
signed in with the second factor."""
from shared_apps.ops.guard import ops_permission_required

billing_view_required = ops_permission_required("billing.view")
billing_manage_required = ops_permission_required("billing.manage")
