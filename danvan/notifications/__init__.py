"""The outbox: email, in-app inbox (and later SMS/Zalo adapters), with a delivery log.

Knows no domain: callers hand over a recipient, a channel, a rendered subject and body, and an
idempotency key. Sending the same key twice sends once.
"""
