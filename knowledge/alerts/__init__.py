"""Alerts: what people in a region are told about a platform, compared before and after a change."""
