"""The Telegram front-end (python-telegram-bot v22): thin handlers over bot.desk."""
