"""Limits on an uploaded file, checked before and while it is read (see `reading`)."""

from __future__ import annotations

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the uploaded file
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # sum of all members of an .xlsx, from the zip directory
MAX_COMPRESSION_RATIO = 100  # per member, checked for members expanding beyond RATIO_CHECK_MIN_BYTES
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_ROWS_PER_SHEET = 100_000  # data rows (header excluded)
MAX_COLUMNS_PER_SHEET = 200


def megabytes_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    text = f"{megabytes:.0f}" if megabytes.is_integer() else f"{megabytes:.1f}"
    return text.replace(".", ",") + " MB"
