"""The Telegram front-end (python-telegram-bot v22): thin handlers over bot.desk."""

import os

# Time periods (RetryAfter.retry_after above all) as datetime.timedelta: the behaviour
# PTB's next major version makes the only one. Our code reads both forms; opting in here
# stops PTB warning on every flood-control answer (v22.2's PTBDeprecationWarning).
os.environ.setdefault("PTB_TIMEDELTA", "1")
