"""Telegram through python-telegram-bot: the adapter (Update <-> Incoming/Reply), its send limits,
and the registry's builder (platform.py)."""
