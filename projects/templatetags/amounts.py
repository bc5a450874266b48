"""`{{ value|money }}`: an amount on a page as everywhere else (documents.amounts.money_text):
two decimals, every decimal filed finer, never the database column's padding ("7151.000000")."""
from __future__ import annotations

from decimal import Decimal

from django import template

from documents.amounts import money_text, plain_text

register = template.Library()


@register.filter
def money(value: object) -> object:
    """Decimals printed by money_text; anything else (None, text) as it is."""
    return money_text(value) if isinstance(value, Decimal) else value


@register.filter
def points(value: object) -> object:
    """A 分值 or 得分 as people write it (20, 2.5), without the column's padding; "" for none."""
    if value is None:
        return ""
    return plain_text(value) if isinstance(value, Decimal) else value
