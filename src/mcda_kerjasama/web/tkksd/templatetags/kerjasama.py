"""Template filters: amounts and numbers written by the engine's own formatters, in the
page's language (``Rp 1.500.000.000``, ``Rp 4,9 M``, ``86,25``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from mcda_kerjasama.amounts import format_number, format_percent, format_rupiah, format_rupiah_short

register = template.Library()


def _lang() -> Any:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def rupiah(value: Any) -> str:
    """``Rp 1.500.000.000``."""
    number = _number(value)
    return "" if number is None else format_rupiah(number, _lang())


@register.filter
def rupiah_short(value: Any) -> str:
    """``Rp 1,5 M``."""
    number = _number(value)
    return "" if number is None else format_rupiah_short(number, _lang())


@register.filter
def num(value: Any, decimals: int = 2) -> str:
    """A number with the page's decimal mark."""
    number = _number(value)
    return "" if number is None else format_number(number, int(decimals), _lang())


@register.filter
def percent(value: Any, decimals: int = 1) -> str:
    """``30,0%``."""
    number = _number(value)
    return "" if number is None else format_percent(number, int(decimals), _lang())


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def field(form: Any, name: str) -> Any:
    """The bound field ``name`` of ``form`` (None when absent)."""
    try:
        return form[name]
    except KeyError:
        return None
