"""Annotation: sentences, linked actor mentions, time expressions, quantities."""
