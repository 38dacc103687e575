from reformdesk.core.models.audit import AccessLog, AuditEvent
from reformdesk.core.models.auth import ApiToken, LoginAttempt, TotpDevice

__all__ = ["AccessLog", "ApiToken", "AuditEvent", "LoginAttempt", "TotpDevice"]
