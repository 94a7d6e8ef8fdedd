"""Typed domain errors shown on forms, and the idempotency key of forms that move hours (issue 12).

A form's field names are the GraphQL argument names (`title`, `minutes`, `idempotencyKey`...), so a
DomainError's `field` names the form field it belongs to, exactly as it names the argument in the API.
"""

import uuid

from django import forms

from sharepool.core.errors import DomainError

IDEMPOTENCY_FIELD = "idempotencyKey"


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put the error on its field (or on the form as a whole), in the request's language."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class IdempotentForm(forms.Form):
    """A form that moves hours: each rendering carries a fresh key, so a double tap or a resubmitted page
    reaches the domain twice with the same key and the ledger posts once (LEDGER.md).

    Render `{{ form.idempotencyKey }}` inside the <form>; the view passes the key on to the domain call.
    """

    idempotencyKey = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields[IDEMPOTENCY_FIELD].initial = new_idempotency_key()
