"""Signing in and out, and joining (issue 12). Each view: validate, one domain call, render or redirect."""

from django.contrib.auth import login as start_session
from django.contrib.auth import logout as end_session
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sharepool.core.errors import DomainError
from sharepool.credentials.addresses import client_address
from sharepool.tenants.members.services import do_register_member, do_sign_in_member
from sharepool.web.account.forms import JoinForm, LoginForm
from sharepool.web.errors import add_domain_error
from sharepool.web.views import safe_next

SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_http_methods(["GET", "POST"])
def login(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = do_sign_in_member(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                address=client_address(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            start_session(request, member.user, backend=SESSION_BACKEND)
            return redirect(safe_next(request))
    return render(request, "web/account/login.html", {"form": form, "next": safe_next(request)})


@require_http_methods(["GET", "POST"])
def logout(request):
    if request.method == "POST":
        end_session(request)
        return redirect("/")
    return render(request, "web/account/logout.html")


@require_http_methods(["GET", "POST"])
def join(request):
    """The application form; once applied (or signed in), the application's state."""
    if request.membership is not None:
        return render(request, "web/account/application.html", {"applicant": request.membership})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = do_register_member(
                username=data["username"],
                password=data["password"],
                display_name=data["displayName"],
                phone=data["phone"],
                building=data["building"],
                unit=data["unit"],
                skills=data["skills"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Signed in at once, so the applicant can come back and follow the application.
            start_session(request, member.user, backend=SESSION_BACKEND)
            return redirect("/join/")
    return render(request, "web/account/join.html", {"form": form})
