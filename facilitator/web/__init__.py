"""Blueprints: thin views that parse forms, call a service and render a template."""


def owned_workshop(workshop_id: int):
    """The signed-in facilitator's workshop; NotFound (a 404 page) for anyone else's, so an
    id never tells whether it exists."""
    from flask_login import current_user

    from facilitator.services import workshops
    return workshops.get_owned(current_user, workshop_id)
