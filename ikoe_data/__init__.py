"""Data layer of the IKÖ-Dashboard: loading, validation, analysis, export and chart builders.

No Streamlit import anywhere in this package, so everything here is testable on its own.
"""

from .loading import Dataset, load_all
from .validation import DataValidationError, Problem

__all__ = ["DataValidationError", "Dataset", "Problem", "load_all"]
