"""Offline steps that build files in datasets/ from the sources in ../shared/seeds/.

Not imported by the dashboard; run them by hand (see README) and review the diff of datasets/.
"""
