"""`{% entrant_feedback dossier %}` on the dossier page: what organisers.feedback decides the
applicant sees of their scores (only the dossier's own applicant)."""

from django import template

from organisers.feedback import entrant_feedback as feedback_of

register = template.Library()


@register.inclusion_tag("organisers/feedback.html", takes_context=True)
def entrant_feedback(context, dossier):
    user = context.get("user")
    mine = user is not None and user.is_authenticated and dossier.applicant_id == user.pk
    return {"feedback": feedback_of(dossier) if mine else []}
