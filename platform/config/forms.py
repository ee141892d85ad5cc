"""What every app's views share about forms: a service's ValidationError shown
on the form that called it, or as one sentence for a flash message."""
from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """A service's field errors onto the form (a field the form already faulted
    keeps its own message); errors of fields it lacks go on top."""
    for field, errors in exc.message_dict.items():
        if field in form.fields and field in form.errors:
            continue
        form.add_error(field if field in form.fields else None, errors)


def service_error_text(exc: ValidationError) -> str:
    """A service's errors as one sentence for a flash message."""
    if hasattr(exc, "error_dict"):
        return " ".join(message for errors in exc.message_dict.values() for message in errors)
    return " ".join(exc.messages)
