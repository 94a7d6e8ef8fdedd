"""A password validator Django lacks: a password of spaces only is refused (issue 10).

Django's MinimumLengthValidator counts eight spaces as eight characters, and no other validator in
AUTH_PASSWORD_VALIDATORS looks at what the characters are.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class NotBlankPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if not password.strip():
            raise ValidationError(_("A password cannot be only spaces."), code="password_blank")

    def get_help_text(self) -> str:
        return str(_("Your password cannot be only spaces."))
