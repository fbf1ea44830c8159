"""The views, one module per part of the application."""
