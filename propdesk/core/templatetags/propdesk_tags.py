from django import template

from propdesk.core.masking import mask_id_number, mask_phone

register = template.Library()
register.filter("masked_phone", mask_phone)
register.filter("masked_id", mask_id_number)
