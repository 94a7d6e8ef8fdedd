"""STAND-IN until webcore lands its sharepool/web/errors.py (delete on merge)."""

import uuid

from django import forms
from django.core.exceptions import ValidationError


def add_domain_error(form, error) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, ValidationError(str(error.message), code=str(error.code)))


def idempotency_key_field() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, max_length=200, initial=lambda: uuid.uuid4().hex)
