from submissions.models.profile import ApplicantKind, ApplicantProfile

__all__ = ["ApplicantKind", "ApplicantProfile"]
