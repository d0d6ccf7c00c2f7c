package dev.firn.catalog.access;

import java.time.Duration;

/**
 * How callers prove who they are.
 *
 * @param enabled whether every request needs a bearer token; off is only allowed when every port
 *     binds a loopback address
 * @param tokenLifetime how long a token from Firn's own issuer is valid
 * @param oidc an external OpenID Connect provider whose tokens are accepted too, or null
 */
public record AuthConfig(boolean enabled, Duration tokenLifetime, OidcProvider oidc) {
  public static final Duration TOKEN_LIFETIME_DEFAULT = Duration.ofHours(1);
  public static final Duration TOKEN_LIFETIME_MIN = Duration.ofMinutes(1);
  public static final Duration TOKEN_LIFETIME_MAX = Duration.ofHours(24);

  /** Authentication on, with hour-long tokens. */
  public static final AuthConfig DEFAULT = new AuthConfig(true, TOKEN_LIFETIME_DEFAULT, null);

  /** No authentication: for a catalog only this machine can reach. */
  public static final AuthConfig OFF = new AuthConfig(false, TOKEN_LIFETIME_DEFAULT, null);

  /** Authentication by Firn's own issuer only. */
  public AuthConfig(boolean enabled, Duration tokenLifetime) {
    this(enabled, tokenLifetime, null);
  }

  /** The same, also accepting the tokens of {@code provider}. */
  public AuthConfig with(OidcProvider provider) {
    return new AuthConfig(enabled, tokenLifetime, provider);
  }

  public AuthConfig {
    if (!enabled && oidc != null) {
      throw new IllegalArgumentException(
          "An OpenID Connect provider is set but authentication is off: turn it on");
    }
    if (tokenLifetime == null
        || tokenLifetime.compareTo(TOKEN_LIFETIME_MIN) < 0
        || tokenLifetime.compareTo(TOKEN_LIFETIME_MAX) > 0) {
      throw new IllegalArgumentException(
          "Invalid token lifetime: "
              + tokenLifetime
              + " (must be "
              + TOKEN_LIFETIME_MIN
              + ".."
              + TOKEN_LIFETIME_MAX
              + ")");
    }
  }
}
