"""Access logging (NEN 7513): who did what to which client's data, when, from where."""
