"""One module per command: a plain keyword-only function, wrapped thinly in cli.py."""
