"""Stop storing an uploaded file as soon as it is over the per-file limit.

Django's default handlers keep a whole file in memory or in a temporary file before any form
sees it. ``UploadLimitHandler`` goes first in ``request.upload_handlers``: it passes each file's
bytes on to the default handlers only while the file is within the limit. Past it, the rest is
read off the wire (Django must, to reach the next field) but stored nowhere, and ``request.FILES``
gets an ``OversizedUpload`` with the file's name and true size, so the form's ``inspect_upload``
refuses it at its field with the ``too_large`` message.

Handlers must be installed before ``request.POST`` or ``request.FILES`` is first read, and
``CsrfViewMiddleware`` reads ``request.POST`` before the view runs. Hence the pattern from
Django's docs: exempt the outer view from the middleware, install the handler, then run the
view under ``csrf_protect``. ``limit_upload_size`` does exactly that::

    @limit_upload_size
    def upload_document(request, pk): ...

    # class-based view, in urls.py
    path("...", limit_upload_size(DocumentUploadView.as_view()), name="...")
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from submissions.uploads import OversizedUpload, max_upload_bytes


class UploadLimitHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int | None = None):
        super().__init__(request)
        self.max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
        self.received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        # Every chunk still comes through here, so the count is the file's true size; None
        # keeps the chunk from the handlers after this one.
        self.received += len(raw_data)
        return raw_data if self.received <= self.max_bytes else None

    def file_complete(self, file_size: int) -> OversizedUpload | None:
        if self.received <= self.max_bytes:
            return None  # the next handler returns the file it stored
        return OversizedUpload(
            name=self.file_name,
            size=self.received,
            content_type=self.content_type,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def limit_upload_size(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Install UploadLimitHandler before the body is read, keeping the view CSRF-protected."""
    protected = csrf_protect(view)

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.upload_handlers.insert(0, UploadLimitHandler(request))
        return protected(request, *args, **kwargs)

    return wrapper
