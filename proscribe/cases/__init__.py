"""Alerts, review and monitoring: what happens after a hit, and who decided what and why.

- `customers`: the monitored set, imported from CSV, JSON lines or Parquet;
- `monitor`: re-screening after every list change (`run_monitoring`,
  `after_list_update`), fast enough for millions of customers (`matching`);
- `raising`: hits from any screening become alerts (`record_screening` for
  the API and CLI), with good-guy suppression (`goodguys`);
- `alerts`: list, show, assign, comment, decide under the four-eyes rule, close;
- `audit`: the hash-chained audit trail (`verify`, `export`), `retention`;
- `settings`: thresholds, four-eyes level, retention, perspective, from the environment.

See docs/cases.md.
"""
