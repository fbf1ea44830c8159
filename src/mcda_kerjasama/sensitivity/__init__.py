"""Sensitivity of the priority list and the portfolio to the criterion weights."""
