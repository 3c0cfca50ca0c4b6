"""One dlt source per vertical. Each package holds the `@dlt.source`, its parsing helpers and its settings."""
