"""Retention: how long records are kept, and destruction that leaves a tombstone."""
