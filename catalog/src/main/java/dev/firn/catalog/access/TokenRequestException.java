package dev.firn.catalog.access;

/**
 * A token request Firn's issuer refuses, with the OAuth2 error code (RFC 6749, section 5.2) and the
 * HTTP status it is answered with.
 */
public final class TokenRequestException extends RuntimeException {
  private final int status;
  private final String error;

  public TokenRequestException(int status, String error, String description) {
    super(description);
    this.status = status;
    this.error = error;
  }

  static TokenRequestException invalidClient() {
    // One answer for an unknown client, a wrong secret and a disabled principal.
    return new TokenRequestException(401, "invalid_client", "Unknown client or wrong secret");
  }

  static TokenRequestException invalidRequest(String description) {
    return new TokenRequestException(400, "invalid_request", description);
  }

  public int status() {
    return status;
  }

  /** The OAuth2 error code, such as {@code invalid_client}. */
  public String error() {
    return error;
  }
}
