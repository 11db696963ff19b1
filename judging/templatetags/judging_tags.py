from django import template

from judging import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def judge_progress(context):
    """The signed-in judge's progress per round, or None for anyone who is not a judge."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_judge:
        return None
    return selectors.judge_progress(user)
