"""The emails participants receive. Each function composes and sends one message, returns
whether it went out, and never raises: a failed send is logged and the registration stays.

Implemented by the registration issue (#3): see the docstrings of services.py for when
each one is sent.
"""
