"""Pure transforms: HTML → article → facts. No I/O, no Prefect, no DuckDB."""
