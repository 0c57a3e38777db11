"""A person's time: time sheets, days off and shot quotas (and the queries behind them)."""
