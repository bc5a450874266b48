"""The Django admin for 管理员: the goal tables and their parts (tables.py), the taxonomy and indicators (indicators.py)."""
from . import evaluation, indicators, tables  # noqa: F401  (registers the model admins)
