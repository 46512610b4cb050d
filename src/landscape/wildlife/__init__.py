"""Wildlife data: camera traps and occurrences, read, stored, generalised and summarised."""
