"""Anonymous LECK advice requests: screening free text and scrubbing photos before storage."""
