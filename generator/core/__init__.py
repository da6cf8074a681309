"""The core: what a kit, a class set and training are made of, called by the command line and the web page."""
