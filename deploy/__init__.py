"""Deployment: nginx in front of dashboard processes (stack.py), smoke test and upload-abuse measurement."""
