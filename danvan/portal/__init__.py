"""The citizens' site: no account needed. An interface only: it calls other apps' services and selectors."""
