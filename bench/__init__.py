"""The benchmark (`make bench`): the API against the raw driver, at three graph sizes."""
