"""The shipped slot models (package data: one JSON or TOML file per machine)."""
