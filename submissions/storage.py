"""Private storage of dossier documents: where they are stored and how they are handed out.

The files have no public address. On the filesystem (no ``base_url``) Django streams them;
on S3 the objects are private and a download is a redirect to a URL signed for a few minutes
(``querystring_expire``). Both answers come from ``download_response``; the caller has
checked that the user may see the file.
"""

from __future__ import annotations

import re
import uuid

from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


def private_storage() -> Storage:
    return storages["default"]


def upload_path(*, dossier_id: int, sha256: str, safe_name: str) -> str:
    """``dossiers/<dossier_id>/<uuid4 hex>/<safe_name>``: a key nobody can guess.

    ``sha256`` is checked but kept out of the key: a key derived from the content would let
    anyone holding a file find out whether, and where, it was uploaded.
    """
    if isinstance(dossier_id, bool) or not isinstance(dossier_id, int) or dossier_id <= 0:
        raise ValueError(f"dossier_id must be a positive int, not {dossier_id!r}")
    if not _SHA256_RE.fullmatch(sha256):
        raise ValueError("sha256 must be 64 lowercase hex digits")
    if "/" in safe_name or "\\" in safe_name or safe_name in {"", ".", ".."}:
        raise ValueError(f"safe_name must be a bare file name, not {safe_name!r}")
    return f"dossiers/{dossier_id}/{uuid.uuid4().hex}/{safe_name}"


def download_response(*, storage_name: str, filename: str, content_type: str) -> HttpResponse:
    """Hand out a stored file as a download named ``filename``."""
    storage = private_storage()
    if _is_s3(storage):
        response = HttpResponseRedirect(
            _signed_url(storage, storage_name, filename=filename, content_type=content_type)
        )
    else:
        response = _file_response(
            storage, storage_name, filename=filename, content_type=content_type
        )
    # Neither the file nor a redirect to a short-lived URL may be kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _is_s3(storage: Storage) -> bool:
    # Imported here: boto3 is slow to import and only needed when S3 is configured.
    from storages.backends.s3 import S3Storage

    return isinstance(storage, S3Storage)


def _signed_url(storage: Storage, name: str, *, filename: str, content_type: str) -> str:
    # S3 answers with these headers, so the download keeps its name and type.
    parameters = {
        "ResponseContentDisposition": content_disposition_header(True, filename),
        "ResponseContentType": content_type,
    }
    return storage.url(name, parameters=parameters)


def _file_response(
    storage: Storage, name: str, *, filename: str, content_type: str
) -> FileResponse:
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
