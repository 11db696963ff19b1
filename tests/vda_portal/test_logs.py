"""Structured logs: JSON in production, readable lines in DEBUG, each with the request id, which
travels into the Celery tasks a request enqueues."""

import io
import json
import logging
import logging.config
import re
import time

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from vda_portal import logs


def capture(fmt: str) -> tuple[logging.Logger, io.StringIO]:
    config = logs.logging_config(fmt=fmt, level="INFO")
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    config["disable_existing_loggers"] = False
    config["root"] = {"level": "WARNING"}
    config["loggers"] = {"vda.test": {"handlers": ["console"], "level": "INFO", "propagate": False}}
    logging.config.dictConfig(config)
    return logging.getLogger("vda.test"), stream


@pytest.fixture
def _restore_logging(settings):
    yield
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.usefixtures("_restore_logging")
def test_production_logs_are_one_json_object_a_line_with_the_request_id():
    logger, stream = capture("json")
    token = logs.bind_request_id("a1b2c3d4e5f6a7b8")
    try:
        logger.info("Hồ sơ %s đã nộp", "VDA2024-C3-0042")
    finally:
        logs.reset_request_id(token)
    logger.warning("outside a request")

    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "Hồ sơ VDA2024-C3-0042 đã nộp"
    assert (first["level"], first["logger"], first["request_id"]) == (
        "INFO",
        "vda.test",
        "a1b2c3d4e5f6a7b8",
    )
    assert "time" in first
    assert second["request_id"] == "-"


@pytest.mark.usefixtures("_restore_logging")
def test_debug_logs_are_readable_lines():
    logger, stream = capture("text")
    token = logs.bind_request_id("a1b2c3d4e5f6a7b8")
    try:
        logger.info("hello")
    finally:
        logs.reset_request_id(token)
    assert re.fullmatch(r"\S+ \S+ INFO vda\.test \[a1b2c3d4e5f6a7b8\] hello\n", stream.getvalue())


def test_settings_choose_json_unless_debug(settings):
    assert settings.LOG_FORMAT == "json"
    formatter = settings.LOGGING["formatters"]["portal"]
    assert formatter["()"] == "pythonjsonlogger.json.JsonFormatter"


@pytest.mark.django_db
def test_each_response_carries_its_request_id(client):
    given = client.get("/healthz/live", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    assert given["X-Request-ID"] == "nginx-0123456789abcdef"
    made = client.get("/healthz/live")
    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    forged = client.get("/healthz/live", HTTP_X_REQUEST_ID='x" injected=1 ')
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


# --- Into Celery: a real worker (in a thread) on an in-memory broker ----------------------

seen: list[str | None] = []
worker_app = Celery("vda-logs-test", broker="memory://", set_as_current=False)
worker_app.conf.update(task_always_eager=False, worker_hijack_root_logger=False)


@worker_app.task(name="tests.record_request_id")
def record_request_id():
    seen.append(logs.current_request_id())


def wait_for(count: int) -> None:
    for _ in range(100):
        if len(seen) >= count:
            return
        time.sleep(0.05)


def test_a_task_enqueued_during_a_request_logs_with_its_id():
    seen.clear()
    with start_worker(worker_app, pool="solo", perform_ping_check=False, shutdown_timeout=5):
        token = logs.bind_request_id("req-0123456789abcdef")
        try:
            record_request_id.delay()
        finally:
            logs.reset_request_id(token)
        wait_for(1)
        record_request_id.delay()  # enqueued outside any request
        wait_for(2)
    assert seen == ["req-0123456789abcdef", None]
