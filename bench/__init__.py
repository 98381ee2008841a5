"""The performance benchmark behind `make bench` (`python -m bench`): see bench/__main__.py."""
