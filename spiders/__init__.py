"""Fetching: the generic news spider, its politeness settings, and the landing-file writer."""
