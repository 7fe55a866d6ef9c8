"""Accuracy measurements against gold data (`faultline eval ...`)."""
