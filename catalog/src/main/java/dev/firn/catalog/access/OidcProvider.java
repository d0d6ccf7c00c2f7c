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
 * @param rolesClaim the claim listing the principal's roles; a dotted path reaches into nested
 *     claims, as Keycloak's {@code realm_access.roles}
 * @param rolePrefix what marks a provider role as a Firn role: {@code firn-analyst} is Firn's
 *     {@code analyst}, and roles without the prefix (a realm's own {@code admin}, say) mean nothing
 *     to Firn
 */
public record OidcProvider(
    URI issuer, String audience, String principalClaim, String rolesClaim, String rolePrefix) {
  public static final String AUDIENCE_DEFAULT = "firn";
  public static final String PRINCIPAL_CLAIM_DEFAULT = "sub";
  public static final String ROLES_CLAIM_DEFAULT = "roles";
  public static final String ROLE_PREFIX_DEFAULT = "firn-";

  /**
   * What comes before the name of every principal of the provider, which Firn's own principal names
   * cannot hold: a provider's {@code root} is {@code oidc:root}, never Firn's {@code root}.
   */
  public static final String PRINCIPAL_PREFIX = "oidc:";

  private static final Pattern ROLE_PREFIX = Pattern.compile("[A-Za-z0-9._:/-]{1,40}");

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
    if (rolePrefix == null || !ROLE_PREFIX.matcher(rolePrefix).matches()) {
      throw new IllegalArgumentException(
          "Invalid role prefix: "
              + rolePrefix
              + " (1 to 40 letters, digits and ._:/-; provider roles without it are ignored)");
    }
    for (String claim : new String[] {principalClaim, rolesClaim}) {
      if (claim == null || !CLAIM.matcher(claim).matches()) {
        throw new IllegalArgumentException("Invalid claim name: " + claim);
      }
    }
  }

  /**
   * A provider with Firn's defaults: audience {@code firn}, principal {@code sub}, roles in {@code
   * roles} prefixed {@code firn-}.
   */
  public static OidcProvider of(URI issuer) {
    return new OidcProvider(
        issuer,
        AUDIENCE_DEFAULT,
        PRINCIPAL_CLAIM_DEFAULT,
        ROLES_CLAIM_DEFAULT,
        ROLE_PREFIX_DEFAULT);
  }

  /** Where the provider's discovery document is, under its issuer URL. */
  URI discovery() {
    String base = issuer.toString();
    return URI.create(
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
            + "/.well-known/openid-configuration");
  }

  /**
   * The Firn roles a token's claims carry: the names at {@link #rolesClaim} (a list or one name)
   * that start with {@link #rolePrefix}, without it.
   */
  List<String> roles(Map<String, Object> claims) {
    return claimed(claims).stream()
        .filter(role -> role.startsWith(rolePrefix) && role.length() > rolePrefix.length())
        .map(role -> role.substring(rolePrefix.length()))
        .toList();
  }

  /** The names at {@link #rolesClaim}; nothing when it is missing or of another shape. */
  private List<String> claimed(Map<String, Object> claims) {
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
