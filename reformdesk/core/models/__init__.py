from reformdesk.core.models.audit import AccessLog, AuditEvent
from reformdesk.core.models.auth import ApiToken, LoginAttempt, TotpDevice
from reformdesk.core.models.counters import AttemptCounter

__all__ = ["AccessLog", "ApiToken", "AttemptCounter", "AuditEvent", "LoginAttempt", "TotpDevice"]
