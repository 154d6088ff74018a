"""Shared test support: databases, apps and factories."""
