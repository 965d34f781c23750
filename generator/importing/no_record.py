"""Templates that no record of the portal holds: what a filled one can be used for instead."""

from __future__ import annotations

from ..models.template import Template

USES = {
    "caf-self-assessment": (
        "A CAF self-assessment is the municipality's own: the portal publishes no record of it. Open the "
        "portal's CAF self-assessment page (caf/index.html) and import the file there, to see the practices, networks and "
        "peer municipalities that match its weakest sub-criteria."),
    "event-design": (
        "An event design plans how one event runs; the portal keeps only a short line per event in a "
        "network's `events:` (name, kind, date, place). Share the design with the moderators, and add the "
        "event to the network's file by hand."),
    "learning-cluster-timeline": (
        "A learning-cluster timeline plans the phases of a cluster; the network's `cycle:` and `events:` "
        "record what actually happened. Share the timeline with the members, and update the network's file "
        "as each phase is done."),
}


def message(template_id: str, template: Template) -> str:
    return USES.get(template_id, f"The template '{template.title}' has no matching kind of record in the "
                                 "portal: print it or share it with the people who need it.")
