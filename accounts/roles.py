"""The portal's roles are Django groups; these are their names, used by code and migrations."""

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "Applicants"
    JUDGE = "Judges"
    ORGANISER = "Organisers"
