"""Connecte tes neurones: printable kits for an unplugged classroom neural network."""

__version__ = "0.1.0"
