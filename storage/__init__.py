"""Persistence for replydesk: SQLAlchemy models, migrations and session functions.

Functions take a Session and never commit; the caller frames each transaction.
"""
