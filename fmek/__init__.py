"""FMEK: referral and scheduling service for forensic-medical expertise for children."""
