"""Extraction stage: PLOVER events with actors and modality, claims (issue 3)."""
