# Placeholder while the project is being laid out; replaced by the full Makefile.
VENV := .venv
PY := $(VENV)/bin/python
