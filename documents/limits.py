"""The bounds of what a user may type or import, the same on SQLite and PostgreSQL.

MAX_INTEGER: the largest value of an `integer` column on PostgreSQL. SQLite would store more,
so without a bound of our own a 序号 of 2147483648 saved on one database and was a 500 on the
other. No 序号, 顺序 or 版本 of ours comes anywhere near it.

MAX_TEXT: the most characters an Excel cell holds. Every table is downloadable as Excel, so
no text field may hold more than one cell can.

Plain numbers here (this package knows no Django); indicators/validators.py makes the
validators the models and forms use.
"""
MAX_INTEGER = 2_147_483_647
MAX_TEXT = 32_767
