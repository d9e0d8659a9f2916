"""The DuckDB warehouse: schema, migrations, set-based loads, snapshots and analyst views."""
