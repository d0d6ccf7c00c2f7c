package dev.firn.catalog.rest;

import dev.firn.catalog.access.Principal;
import dev.firn.catalog.store.AuditStore;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail for both ports: one entry per mutation, whatever its outcome, and per
 * refusal. An entry that cannot be written is logged and counted, never turned into a failure of a
 * request that has already applied.
 */
final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  /** The header that carries a request's id, in and out. */
  static final String REQUEST_ID = "X-Request-Id";

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final AuditStore store;

  AuditTrail(AuditStore store) {
    this.store = store;
  }

  /** The id of a request: the client's own when it sent a usable one, else a new one. */
  static String requestId(String given) {
    return given != null && CLIENT_ID.matcher(given).matches()
        ? given
        : UUID.randomUUID().toString();
  }

  /** Records a request if it changed (or tried to change) something, or was refused. */
  void record(
      Principal caller,
      String action,
      String target,
      boolean mutation,
      int status,
      String requestId) {
    if (caller == null || !mutation && status != 403) {
      return;
    }
    String outcome = status == 403 ? "denied" : status < 300 ? "applied" : "failed";
    try {
      store.record(
          caller.name(), action, target == null ? "-" : target, outcome, status, requestId);
    } catch (RuntimeException e) {
      LOG.error(
          "Cannot write the audit entry of request {} ({} {} by {}: {})",
          requestId,
          action,
          target,
          caller.name(),
          outcome,
          e);
    }
  }
}
