"""The shipped versions of the handelingskader, one TOML file per version (`v<N>.toml`)."""
