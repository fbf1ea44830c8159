"""Portfolio selection: the model as data, solver backends, and the selection result."""

from mcda_kerjasama.portfolio.model import PortfolioModel, build_model
from mcda_kerjasama.portfolio.select import Selection, solve_portfolio

__all__ = ["PortfolioModel", "Selection", "build_model", "solve_portfolio"]
