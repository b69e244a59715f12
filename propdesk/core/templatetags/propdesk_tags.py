from django import template

from propdesk.core.masking import mask_id_number, mask_phone

register = template.Library()
register.filter("masked_phone", mask_phone)
register.filter("masked_id", mask_id_number)


@register.filter
def time_left(due):
    """Plain words for a deadline: "还剩 2 小时 10 分钟" / "已超时 35 分钟" (translated)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    if not due:
        return ""
    minutes = int((due - timezone.now()).total_seconds() // 60)
    span = abs(minutes)
    days, rest = divmod(span, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        text = _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    elif hours:
        text = _("%(h)d h %(m)d min") % {"h": hours, "m": mins}
    else:
        text = _("%(m)d min") % {"m": mins}
    return (
        _("%(time)s left") % {"time": text}
        if minutes >= 0
        else _("%(time)s overdue") % {"time": text}
    )


@register.filter
def is_past(moment) -> bool:
    from django.utils import timezone

    return bool(moment) and moment < timezone.now()
