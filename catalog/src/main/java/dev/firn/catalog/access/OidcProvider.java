package dev.firn.catalog.access;

import dev.firn.catalog.LoopbackHost;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An external OpenID Connect provider whose tokens Firn accepts beside its own: Keycloak, Okta,
 * Entra ID, Auth0, Dex and the like. Its signing keys are found through the issuer's discovery
 * document and its JWKS, and refetched when a token names a key Firn has not seen.
 *
 * @param issuer the provider's issuer URL, exactly as its tokens carry it in {@code iss}; https, or
 *     http only on a loopback address
 * @param audience what a token's {@code aud} must hold for Firn to accept it
 * @param principalClaim the claim naming the principal, such as {@code sub} or {@code
 *     preferred_username}
 * @param rolesClaim the claim listing the principal's roles, which map to Firn roles of the same
 *     name; a dotted path reaches into nested claims, as Keycloak's {@code realm_access.roles}
 */
public record OidcProvider(URI issuer, String audience, String principalClaim, String rolesClaim) {
  public static final String AUDIENCE_DEFAULT = "firn";
  public static final String PRINCIPAL_CLAIM_DEFAULT = "sub";
  public static final String ROLES_CLAIM_DEFAULT = "roles";

  private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_:/.-]{1,200}");

  public OidcProvider {
    Objects.requireNonNull(issuer, "issuer");
    String scheme = issuer.getScheme();
    if (issuer.getHost() == null
        || issuer.getRawQuery() != null
        || issuer.getRawFragment() != null
        || !("https".equals(scheme) || "http".equals(scheme))) {
      throw new IllegalArgumentException(
          "Invalid OpenID Connect issuer: " + issuer + " (an https URL, such as the realm's URL)");
    }
    if ("http".equals(scheme) && !LoopbackHost.matches(issuer.getHost())) {
      throw new IllegalArgumentException(
          "Invalid OpenID Connect issuer: "
              + issuer
              + " (https is required unless the provider is on a loopback address)");
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("Invalid OpenID Connect audience: empty");
    }
    for (String claim : new String[] {principalClaim, rolesClaim}) {
      if (claim == null || !CLAIM.matcher(claim).matches()) {
        throw new IllegalArgumentException("Invalid claim name: " + claim);
      }
    }
  }

  /**
   * A provider with Firn's defaults: audience {@code firn}, principal {@code sub}, {@code roles}.
   */
  public static OidcProvider of(URI issuer) {
    return new OidcProvider(issuer, AUDIENCE_DEFAULT, PRINCIPAL_CLAIM_DEFAULT, ROLES_CLAIM_DEFAULT);
  }

  /** Where the provider's discovery document is, under its issuer URL. */
  URI discovery() {
    String base = issuer.toString();
    return URI.create(
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
            + "/.well-known/openid-configuration");
  }

  /**
   * The roles a token's claims carry at {@link #rolesClaim}: a list of names or one name; nothing
   * when the claim is missing or of another shape.
   */
  List<String> roles(Map<String, Object> claims) {
    Object value = claims.get(rolesClaim);
    if (value == null && rolesClaim.contains(".")) {
      value = claims;
      for (String step : rolesClaim.split("\\.")) {
        value = value instanceof Map<?, ?> map ? map.get(step) : null;
      }
    }
    if (value instanceof String one) {
      return List.of(one);
    }
    if (value instanceof List<?> many) {
      return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
