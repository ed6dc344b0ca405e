"""Blueprints: thin views that parse forms, call a service and render a template."""
