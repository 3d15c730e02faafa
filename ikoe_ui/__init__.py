"""Streamlit-specific helpers of the IKÖ-Dashboard: cached loading, shared filters, page anatomy.

Kept apart from `ikoe_data` so that the data layer stays testable without Streamlit.
"""
