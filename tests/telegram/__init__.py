"""Tests of the Telegram front-end against a fake Bot API server on 127.0.0.1."""
