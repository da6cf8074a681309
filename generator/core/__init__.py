"""The core: what the commands (and later the web page) call; they only check options and write files."""
