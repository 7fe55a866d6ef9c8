"""Faultline: structured, cited evidence and calibrated judgments from raw crisis news."""

__version__ = "0.1.0"
