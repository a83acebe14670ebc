"""Reference data: GGD regions, Veilig Thuis organisations, LECK and its members."""
