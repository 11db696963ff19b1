"""allauth.mfa's signals, connected in AccountsConfig.ready.

Enrolling a factor proves it (the code or the key was just checked), so the session counts as
having passed it, as allauth's own sign-in step would have recorded."""

from __future__ import annotations

# allauth's session record of authentication steps (the same one its MFA stage writes).
from allauth.account.internal.flows.login import record_authentication

from accounts.mfa.policy import MFA_METHOD


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    if request is None or authenticator.type == authenticator.Type.RECOVERY_CODES:
        return
    record_authentication(
        request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, enrolled=True
    )
