"""Import of a new report edition from the Excel template (or one table as CSV).

Everything is checked before anything is written: file-level checks on the raw bytes (size, type,
macros, encryption, zip bomb), then every sheet and cell against the schemas, then references and
rules across the combined tables. Only a file without any problem is stored, as a new edition
(see `editions.store_edition`). The shipped datasets are never written.

The modules, in the order an upload passes through them:
    template     the Excel template analysts fill in
    limits       size limits on an uploaded file
    reading      untrusted bytes → raw text tables: file-level checks, then one of
      workbook_reading   the .xlsx template (zip checks, every cell as text, no formulas)
      csv_reading        one table as CSV (encoding and delimiter detected)
      raw_tables         what both produce: raw frames with their rows, file problems
    validation   raw tables → typed, checked tables; `validate_upload`, `import_upload`; the changes
                 against the base edition come from `ikoe_data.edition_comparison`
    cli          `python -m ikoe_data.importer template|validate|import …`
"""

from .limits import MAX_UPLOAD_BYTES
from .reading import read_upload
from .template import template_bytes
from .validation import ValidationResult, import_upload, validate_tables, validate_upload

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ValidationResult",
    "import_upload",
    "read_upload",
    "template_bytes",
    "validate_tables",
    "validate_upload",
]
