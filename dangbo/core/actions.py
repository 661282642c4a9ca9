"""The confirm-then-do flow every write form in the UI shares.

GET shows the form. A valid POST first tries the service in a transaction that is always rolled
back, so an impossible action is refused on the form at once rather than after confirming; when
it would succeed, a summary asks for confirmation (the data travels in hidden inputs) and the POST
that confirms calls the service for real. A ``DomainError`` goes back onto the form with nothing
changed; success redirects with a message.
"""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.db import transaction
from django.forms import Form
from django.shortcuts import redirect, render

from .errors import DomainError

CONFIRM_FIELD = "_xac_nhan"


def confirm_and_do(
    request,
    form: Form,
    *,
    title: str,
    subject,
    perform: Callable[[dict], object],
    success_url: str | Callable[[object], str],
    success_message: str,
    summary: Callable[[dict], Iterable[tuple[str, object]]] | None = None,
    cancel_url: str = "",
    warning: str = "",
):
    context = {
        "form": form,
        "title": title,
        "subject": subject,
        "cancel_url": cancel_url,
        "warning": warning,
        "confirm_field": CONFIRM_FIELD,
    }
    if request.method == "POST" and form.is_valid():
        if request.POST.get(CONFIRM_FIELD) == "1":
            try:
                result = perform(form.cleaned_data)
            except DomainError as error:
                put_on_form(form, error)
            else:
                messages.success(request, success_message)
                return redirect(success_url(result) if callable(success_url) else success_url)
        else:
            error = _dry_run(perform, form.cleaned_data)
            if error is not None:
                put_on_form(form, error)
            else:
                rows = list(summary(form.cleaned_data)) if summary else _default_summary(form)
                return render(request, "core/action_confirm.html", {**context, "rows": rows})
    return render(request, "core/action_form.html", context)


def put_on_form(form: Form, error: DomainError) -> None:
    """A refusal goes under the field it is about, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class _RollBack(Exception):
    pass


def _dry_run(perform: Callable[[dict], object], data: dict) -> DomainError | None:
    """Run ``perform`` and undo it: the DomainError it would raise, or None."""
    try:
        with transaction.atomic():
            perform(data)
            raise _RollBack
    except _RollBack:
        return None
    except DomainError as error:
        return error


def _default_summary(form: Form) -> list[tuple[str, object]]:
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], False):
            continue
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        rows.append((field.label, value))
    return rows
