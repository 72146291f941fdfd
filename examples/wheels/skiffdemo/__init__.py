"""A tiny package for trying Skiff's requirements without a package index."""

__version__ = "1.0"


def greet(name):
    """A greeting for name."""
    return "Hello, %s! (from skiffdemo %s)" % (name, __version__)
