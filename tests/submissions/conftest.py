from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.models import DocumentType
from submissions.services import attachment_add
from tests.factories import DossierFactory, applicant
from tests.submissions import files

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
IN_WINDOW = datetime(2024, 6, 20, 10, 0, tzinfo=ICT)


@pytest.fixture
def open_window(time_machine):
    """Freeze the clock inside VDA 2024's submission window (20/06/2024 10:00 ICT)."""
    time_machine.move_to(IN_WINDOW, tick=False)
    return IN_WINDOW


@pytest.fixture
def owner(db):
    return applicant("owner@example.com")


@pytest.fixture
def other_applicant(db):
    return applicant("other@example.com")


@pytest.fixture
def draft(season, owner, open_window):
    """A category-3 draft with all text filled in, no documents yet."""
    return DossierFactory(applicant=owner, category=season.categories.get(number=3))


def upload(dossier, document_type: str, content: bytes, name: str, by):
    return attachment_add(
        dossier=dossier,
        document_type=document_type,
        uploaded_file=SimpleUploadedFile(name, content),
        by=by,
    )


@pytest.fixture
def complete_draft(draft, owner):
    """The draft plus every required document: ready to submit."""
    upload(draft, DocumentType.APPLICATION_FORM, files.pdf(), "don-dang-ky.pdf", owner)
    upload(draft, DocumentType.BUSINESS_REGISTRATION, files.pdf(), "dkkd.pdf", owner)
    upload(draft, DocumentType.IP_COMMITMENT, files.pdf(), "cam-ket-sh.pdf", owner)
    draft.refresh_from_db()
    return draft
