"""The store: every record table in DuckDB (embedded default), exportable to JSONL, CSV, Parquet."""
