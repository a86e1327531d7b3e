"""The feedback collector: an ASGI app that validates browser events and stores them durably.

`store` holds the SQLite event store (also read by the report); `app` the HTTP side.
"""
