"""Forensic-medical reports (rapportage): findings capture, finalising, corrections, output."""
