"""Reproducible speed and scale measurements: `make bench` (python -m benchmarks.run)."""
