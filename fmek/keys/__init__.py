"""Keys for identifying data at rest: encryption of the child's name, birth date and BSN."""
