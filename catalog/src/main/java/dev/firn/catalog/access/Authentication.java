package dev.firn.catalog.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.firn.catalog.store.PrincipalStore;
import dev.firn.catalog.store.SigningKeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.rest.responses.OAuthTokenResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling, for every request on both ports: Firn's own token issuer ({@code POST
 * /v1/oauth/tokens}, client credentials and token exchange) and the check of each request's bearer
 * token for signature, expiry, issuer and audience. A token that passed is remembered until it
 * expires, for at most {@link #REMEMBERED}, so a busy client costs one check a minute, and a
 * disabled principal is shut out within that time.
 */
public final class Authentication {
  private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);
  static final Duration REMEMBERED = Duration.ofSeconds(60);

  /**
   * How long a sign-in lasts through token exchanges: a token exchanged for a new one keeps the
   * time of the sign-in it came from, and after this the client signs in with its credential again.
   */
  static final Duration SIGN_IN_LIFETIME = Duration.ofHours(24);

  private static final String AUTH_TIME = "auth_time";
  static final String AUDIENCE = "firn";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  private static final String CLIENT_CREDENTIALS = "client_credentials";
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String BEARER = "bearer ";

  private final AuthConfig config;
  private final PrincipalStore principals;
  private final SigningKeys keys;
  private final String issuer;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final ExternalIssuer external;
  private final Cache<String, Verified> verified;

  private Authentication(
      AuthConfig config, PrincipalStore principals, SigningKeys keys, String issuer, Clock clock) {
    this.config = config;
    this.external = config.oidc() == null ? null : new ExternalIssuer(config.oidc(), clock);
    this.principals = principals;
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    this.processor = processor(keys, issuer);
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfter(
                Expiry.creating(
                    (String token, Verified value) ->
                        Duration.ofMillis(
                            Math.max(
                                0,
                                Math.min(
                                    value.expiresAtMillis() - clock.millis(),
                                    REMEMBERED.toMillis())))))
            .build();
  }

  /**
   * A token that passed, whom it names, and when that principal signed in.
   *
   * @param external whether an external provider issued it
   */
  private record Verified(
      Principal principal, long expiresAtMillis, long signedInMillis, boolean external) {}

  /**
   * Authentication for one warehouse: its principals, and its signing keys (made on the first
   * start). With authentication off, nothing is read and every caller is {@link
   * Principal#ANONYMOUS}.
   */
  public static Authentication open(
      AuthConfig config,
      String warehouse,
      PrincipalStore principals,
      SigningKeyStore signingKeys,
      Clock clock) {
    SigningKeys keys = config.enabled() ? SigningKeys.open(signingKeys, clock) : null;
    Authentication authentication =
        new Authentication(config, principals, keys, "urn:firn:" + warehouse, clock);
    if (authentication.external != null) {
      authentication.external.discoverSoon();
    }
    return authentication;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** The {@code iss} of every token this issuer signs. */
  public String issuer() {
    return issuer;
  }

  /** What a principal's name may be: it is also its OAuth2 client id. */
  static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * Creates a principal with a new secret.
   *
   * @return its credential: shown once, never stored
   * @throws IllegalArgumentException when the name is not valid
   * @throws org.apache.iceberg.exceptions.AlreadyExistsException when the name is taken
   */
  public Credential createPrincipal(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid principal name: "
              + name
              + " (letters, digits, '.', '_' and '-', at most 63, starting with a letter or digit)");
    }
    if (name.equals(Principal.ANONYMOUS.name())) {
      throw new IllegalArgumentException(
          "Invalid principal name: "
              + name
              + " (the name of every caller with authentication off)");
    }
    String secret = Secrets.newSecret();
    if (!principals.create(name, Secrets.hash(secret))) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException(
          "Principal already exists: %s", name);
    }
    LOG.info("Created principal {}", name);
    return new Credential(name, secret);
  }

  /**
   * Gives a principal a new secret; the old one stops working at once, tokens already issued last
   * until they expire.
   *
   * @return the new credential: shown once, never stored
   * @throws org.apache.iceberg.exceptions.NotFoundException when there is no such principal
   */
  public Credential rotate(String name) {
    String secret = Secrets.newSecret();
    if (!principals.updateSecret(name, Secrets.hash(secret))) {
      throw new org.apache.iceberg.exceptions.NotFoundException("No such principal: %s", name);
    }
    LOG.info("Rotated the secret of principal {}", name);
    return new Credential(name, secret);
  }

  /**
   * Lets a principal sign in, or stops it: a stopped principal gets no tokens, and the tokens it
   * holds stop working on this node at once and on the others within {@link #REMEMBERED}.
   *
   * @throws org.apache.iceberg.exceptions.NotFoundException when there is no such principal
   */
  public void setEnabled(String name, boolean enabled) {
    if (!principals.setEnabled(name, enabled)) {
      throw new org.apache.iceberg.exceptions.NotFoundException("No such principal: %s", name);
    }
    verified.asMap().values().removeIf(known -> known.principal().name().equals(name));
    LOG.info("{} principal {}", enabled ? "Enabled" : "Disabled", name);
  }

  /** Every principal, by name, with whether it may sign in. */
  public List<PrincipalStore.StoredPrincipal> principals() {
    return principals.list();
  }

  /** Whether a principal of that name exists. */
  public boolean exists(String principal) {
    return principals.find(principal).isPresent();
  }

  /**
   * Creates the {@code root} principal when it does not exist yet.
   *
   * @return its credential, only when this call created it: shown once, never stored
   */
  public Optional<Credential> createRoot() {
    if (!config.enabled() || principals.find(Principal.ROOT).isPresent()) {
      return Optional.empty();
    }
    try {
      return Optional.of(createPrincipal(Principal.ROOT));
    } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
      // Another node created it at the same moment, and showed it.
      return Optional.empty();
    }
  }

  /**
   * The caller of a request with this {@code Authorization} header.
   *
   * @throws NotAuthorizedException when authentication is on and the header holds no valid token
   */
  public Principal authenticate(String authorization) {
    if (!config.enabled()) {
      return Principal.ANONYMOUS;
    }
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new NotAuthorizedException(
          "This request needs a bearer token (get one from POST /v1/oauth/tokens)");
    }
    String token = authorization.substring(BEARER.length()).trim();
    Verified known = verified.getIfPresent(token);
    if (known != null && known.expiresAtMillis() > clock.millis()) {
      return known.principal();
    }
    Verified checked = verify(token);
    verified.put(token, checked);
    return checked.principal();
  }

  /**
   * Answers a token request: the form fields of {@code POST /v1/oauth/tokens}, with the request's
   * {@code Authorization} header, which may carry the client credential as HTTP Basic.
   *
   * @throws TokenRequestException when the request is malformed or the client is not known
   */
  public OAuthTokenResponse token(Map<String, String> form, String authorization) {
    if (!config.enabled()) {
      throw TokenRequestException.invalidRequest(
          "Authentication is off on this server: send requests without a token");
    }
    String grant = form.get("grant_type");
    String principal;
    long signedIn = clock.millis();
    if (CLIENT_CREDENTIALS.equals(grant)) {
      principal = clientCredentials(form, authorization);
    } else if (TOKEN_EXCHANGE.equals(grant)) {
      Verified subject = exchange(form);
      principal = subject.principal().name();
      signedIn = subject.signedInMillis();
    } else {
      throw new TokenRequestException(
          400,
          grant == null ? "invalid_request" : "unsupported_grant_type",
          grant == null
              ? "Missing grant_type"
              : "Unsupported grant_type: " + grant + " (use client_credentials)");
    }
    return OAuthTokenResponse.builder()
        .withToken(issue(principal, signedIn))
        .withTokenType("bearer")
        .withIssuedTokenType(ACCESS_TOKEN_TYPE)
        .setExpirationInSeconds((int) config.tokenLifetime().toSeconds())
        .build();
  }

  /** A signed token for a principal, valid for the configured lifetime. */
  public String issue(String principal) {
    return issue(principal, clock.millis());
  }

  private String issue(String principal, long signedInMillis) {
    ECKey key = keys.signing();
    long now = clock.millis();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(AUDIENCE)
            .subject(principal)
            .issueTime(new Date(now))
            .notBeforeTime(new Date(now))
            .expirationTime(new Date(now + config.tokenLifetime().toMillis()))
            .jwtID(UUID.randomUUID().toString())
            .claim(AUTH_TIME, signedInMillis / 1000)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign a token", e);
    }
    return jwt.serialize();
  }

  private String clientCredentials(Map<String, String> form, String authorization) {
    Credential credential = basic(authorization);
    if (credential == null) {
      String id = form.get("client_id");
      String secret = form.get("client_secret");
      if (id == null || secret == null) {
        throw TokenRequestException.invalidRequest(
            "Missing client_id or client_secret (Iceberg clients: set credential=id:secret)");
      }
      credential = new Credential(id, secret);
    }
    Optional<PrincipalStore.StoredPrincipal> stored = principals.find(credential.clientId());
    if (stored.isEmpty()
        || !stored.get().enabled()
        || !Secrets.matches(credential.secret(), stored.get().secretHash())) {
      LOG.info("Refused a token to client {}", credential.clientId());
      throw TokenRequestException.invalidClient();
    }
    return stored.get().name();
  }

  private Verified exchange(Map<String, String> form) {
    String subject = form.get("subject_token");
    if (subject == null) {
      throw TokenRequestException.invalidRequest("Missing subject_token");
    }
    Verified verified;
    try {
      verified = verify(subject);
    } catch (NotAuthorizedException e) {
      throw new TokenRequestException(400, "invalid_grant", e.getMessage());
    }
    if (verified.external()) {
      throw new TokenRequestException(
          400, "invalid_grant", "This token comes from " + external.issuer() + ": renew it there");
    }
    if (clock.millis() - verified.signedInMillis() > SIGN_IN_LIFETIME.toMillis()) {
      throw new TokenRequestException(
          400,
          "invalid_grant",
          "The sign-in behind this token is older than " + SIGN_IN_LIFETIME + ": sign in again");
    }
    return verified;
  }

  /** The client credential of an HTTP Basic header, or null when there is none. */
  private static Credential basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
              java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw TokenRequestException.invalidRequest("Malformed Basic authorization header");
    }
    try {
      return Credential.parse(decoded);
    } catch (IllegalArgumentException e) {
      throw TokenRequestException.invalidRequest("Malformed Basic authorization header");
    }
  }

  private Verified verify(String token) {
    if (external != null && external.issuer().equals(unverifiedIssuer(token))) {
      return verifyExternal(token);
    }
    JWTClaimsSet claims = process(processor, token);
    String name = claims.getSubject();
    Optional<PrincipalStore.StoredPrincipal> stored = principals.find(name);
    if (stored.isEmpty() || !stored.get().enabled()) {
      throw new NotAuthorizedException("Principal %s cannot sign in", name);
    }
    Object authTime = claims.getClaim(AUTH_TIME);
    long signedIn =
        authTime instanceof Number seconds
            ? seconds.longValue() * 1000
            : claims.getIssueTime().getTime();
    return new Verified(new Principal(name), claims.getExpirationTime().getTime(), signedIn, false);
  }

  /** The most roles taken from one external token. */
  private static final int ROLES_MAX = 100;

  /**
   * What the name an external provider gives a principal may be: ASCII letters, digits and the
   * marks of e-mail addresses and provider ids, so that no invisible or look-alike character can
   * make one name pass for another in grants, logs and the audit trail.
   */
  private static final java.util.regex.Pattern EXTERNAL_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+|:-]{0,199}");

  /** The {@code iss} a token claims, unchecked; null when the token is not a signed JWT. */
  private static String unverifiedIssuer(String token) {
    try {
      return JWTParser.parse(token) instanceof SignedJWT signed && signed.getJWTClaimsSet() != null
          ? signed.getJWTClaimsSet().getIssuer()
          : null;
    } catch (ParseException e) {
      return null;
    }
  }

  /**
   * The claims of a token that passes {@code checks}.
   *
   * @throws NotAuthorizedException saying what is wrong with the token
   * @throws ServiceUnavailableException when the keys to check it cannot be fetched
   */
  private JWTClaimsSet process(DefaultJWTProcessor<SecurityContext> checks, String token) {
    try {
      return checks.process(token, null);
    } catch (ParseException e) {
      throw new NotAuthorizedException("The bearer token is not a JWT");
    } catch (ExpiredJWTException e) {
      throw new NotAuthorizedException("The bearer token has expired");
    } catch (BadJWTException e) {
      throw new NotAuthorizedException("The bearer token is not valid: %s", e.getMessage());
    } catch (RateLimitReachedException e) {
      // A key the provider listed a moment ago is not there: no fetch of its keys now.
      throw new NotAuthorizedException("The bearer token's signing key is not known");
    } catch (KeySourceException e) {
      LOG.warn(
          "Cannot get the keys of {}: {}",
          external == null ? "the issuer" : external.issuer(),
          e.toString());
      throw new ServiceUnavailableException(
          "The identity provider's keys cannot be fetched: try again shortly");
    } catch (BadJOSEException | JOSEException e) {
      throw new NotAuthorizedException("The bearer token's signature is not valid");
    }
  }

  private Verified verifyExternal(String token) {
    OidcProvider provider = external.provider();
    JWTClaimsSet claims = process(external.processor(), token);
    Object claimed = claims.getClaim(provider.principalClaim());
    if (!(claimed instanceof String given) || !EXTERNAL_NAME.matcher(given).matches()) {
      throw new NotAuthorizedException(
          "The bearer token names no valid principal in its claim %s (ASCII letters, digits and"
              + " ._@+|:- only)",
          provider.principalClaim());
    }
    if ("email".equals(provider.principalClaim())
        && !Boolean.TRUE.equals(claims.getClaim("email_verified"))) {
      throw new NotAuthorizedException("The bearer token's e-mail address is not verified");
    }
    // Never one of Firn's own principals, whose names cannot hold the prefix.
    String name = OidcProvider.PRINCIPAL_PREFIX + given;
    List<String> roles =
        provider.roles(claims.getClaims()).stream()
            .filter(role -> NAME.matcher(role).matches())
            .distinct()
            .limit(ROLES_MAX)
            .toList();
    Object authTime = claims.getClaim(AUTH_TIME);
    long signedIn =
        authTime instanceof Number seconds
            ? seconds.longValue() * 1000
            : claims.getIssueTime() != null ? claims.getIssueTime().getTime() : clock.millis();
    return new Verified(
        Principal.external(name, roles), claims.getExpirationTime().getTime(), signedIn, true);
  }

  private static DefaultJWTProcessor<SecurityContext> processor(SigningKeys keys, String issuer) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        (header, context) -> {
          if (keys == null || !JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            return List.of();
          }
          ECKey key = header.getKeyID() == null ? null : keys.verification(header.getKeyID());
          if (key == null) {
            return List.of();
          }
          try {
            return List.of(key.toECPublicKey());
          } catch (JOSEException e) {
            return List.of();
          }
        });
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(AUDIENCE),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp", "iat"),
            Set.of()));
    return processor;
  }
}
