"""WeCom (企业微信): the self-built app's callback and messages, group robots for reminders, the
server API client, the callback crypto, and the registry's builder (platform.py)."""
