"""Exports for organisers, one module per thing exported: `honorees`, `certificates`,
`dossiers`, `scores`; `tables` writes CSV/XLSX, `pdf` renders PDFs, `records` records each
export (organisers.models.ExportRecord)."""
