"""Qt item models (and their delegate) for the lists, details and tracks trees.

They adapt plain Python data (API objects, raw JSON dicts) and never import the
API layer, so the views can be built and tested without a network.
"""
