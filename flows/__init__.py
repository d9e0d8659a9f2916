"""Orchestration: the CLI front door, settings, and the Prefect flows that wire the steps."""
