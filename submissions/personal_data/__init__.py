"""What the portal holds about a person, and the rights over it (Decree 13/2023/NĐ-CP):
the export ZIP (export.py), account erasure (erasure.py), retention (retention.py), the access
log of staff reads (access_log.py). It lives in submissions because it reads dossiers; accounts
keeps consent and the requests' records (accounts.privacy)."""
