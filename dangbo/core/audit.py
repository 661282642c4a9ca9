"""The audit trail: one row per service call that changed something."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit(actor, action: str, target: models.Model, **data) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``target``; ``data`` must be JSON-serializable."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data={key: _jsonable(value) for key, value in data.items()},
    )


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
