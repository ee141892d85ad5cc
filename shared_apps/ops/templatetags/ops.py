from django import template

from shared_apps.ops.nav import ops_nav_for

register = template.Library()


@register.simple_tag(takes_context=True)
def ops_nav(context):
    user = context["request"].user
    return ops_nav_for(user.platform_role) if user.is_authenticated and user.platform_role else []


@register.filter
def filesize_mb(value):
    return "–" if value is None else f"{value / 1_048_576:.1f} MB"
