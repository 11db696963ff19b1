"""Thin tasks: load by id, return quietly if gone, call the service."""

from __future__ import annotations

import logging

from celery import shared_task

from accounts.models import DataRequest, DataRequestState
from accounts.privacy.services import data_request_close
from submissions.personal_data import export, retention

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def build_data_export(data_request_id: int) -> None:
    data_request = DataRequest.objects.filter(pk=data_request_id).select_related("user").first()
    if data_request is None or not data_request.is_open:
        return  # gone, or built already by an earlier delivery of this message
    try:
        export.build_export(data_request=data_request)
    except Exception:
        logger.exception("Data export %s failed", data_request_id)
        data_request_close(data_request=data_request, state=DataRequestState.FAILED)
        raise


@shared_task
def apply_retention() -> None:
    retention.apply_retention()
