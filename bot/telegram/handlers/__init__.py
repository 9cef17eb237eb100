"""Handlers by feature; bot/telegram/app.py registers them in order."""
