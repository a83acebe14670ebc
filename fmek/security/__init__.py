"""HTTP-level protections that run before any route: body limits, proxy trust, security headers."""
