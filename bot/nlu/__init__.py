"""Query understanding: chat text -> Query, pure and without I/O."""

from bot.nlu.parser import Parser, parse
from bot.nlu.query import Period, Query

__all__ = ["Parser", "Period", "Query", "parse"]
