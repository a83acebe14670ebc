"""Referral intake: a VT vertrouwensarts asks for forensic-medical expertise for a child."""
