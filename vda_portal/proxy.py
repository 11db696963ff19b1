"""The client's address behind the reverse proxy: one rule for django-axes and allauth.

nginx appends the address it received the connection from to ``X-Forwarded-For``
(``$proxy_add_x_forwarded_for``), so with ``TRUSTED_PROXY_COUNT`` proxies in front of the
portal the client is the N-th address from the right. Whatever a client writes into the header
itself stays on the left and is ignored. With no trusted proxy (the default: the portal is
reached directly) only ``REMOTE_ADDR`` counts. allauth reads the same setting through
``ALLAUTH_TRUSTED_PROXY_COUNT`` (settings.py), so its rate limits and axes' lockout agree.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of whoever opened the connection to the first trusted proxy."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        addresses = forwarded.split(",")
        if len(addresses) >= count:
            return _clean(addresses[-count])
    return _clean(request.META.get("REMOTE_ADDR", ""))
