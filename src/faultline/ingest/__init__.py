"""Ingest: read raw inputs, clean them into Articles, deduplicate, store."""
