package dev.firn.catalog.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.firn.catalog.LoopbackHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens of an external OpenID Connect provider: where its keys are (found once through the
 * issuer's discovery document), and a processor that checks a token's signature against them, its
 * expiry, issuer and audience. The keys are cached for {@link #KEYS_KEPT} and fetched again at once
 * (at most twice per {@link #REFETCH_INTERVAL}) when a token names a key not seen yet, which is how
 * a rotated key is picked up.
 */
final class ExternalIssuer {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalIssuer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration KEYS_KEPT = Duration.ofMinutes(5);
  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int DISCOVERY_MAX_BYTES = 64 * 1024;
  private static final int KEYS_MAX_BYTES = 512 * 1024;

  /** After a failed discovery, how long requests fail fast before it is tried again. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** The signature algorithms accepted: asymmetric ones only, never a shared secret or none. */
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final OidcProvider provider;
  private final Clock clock;
  private final HttpClient http;
  private volatile DefaultJWTProcessor<SecurityContext> processor;
  private boolean lookingUp;
  private long lastFailureMillis = Long.MIN_VALUE / 2;

  ExternalIssuer(OidcProvider provider, Clock clock) {
    this.provider = provider;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  OidcProvider provider() {
    return provider;
  }

  /** The provider's issuer, as its tokens carry it. */
  String issuer() {
    return provider.issuer().toString();
  }

  /** Looks the provider up in the background, so a wrong setting shows in the log at start. */
  void discoverSoon() {
    lookUpInBackground();
  }

  /**
   * The processor for this provider's tokens. The provider is looked up in the background, never on
   * a request's thread: until it has answered, its tokens get 503 at once, and a new lookup starts
   * when the last one failed more than {@link #RETRY_AFTER} ago.
   *
   * @throws ServiceUnavailableException while the provider's keys are not known
   */
  DefaultJWTProcessor<SecurityContext> processor() {
    DefaultJWTProcessor<SecurityContext> known = processor;
    if (known != null) {
      return known;
    }
    lookUpInBackground();
    throw new ServiceUnavailableException(
        "The identity provider %s is not reachable yet: try again shortly", provider.issuer());
  }

  private void lookUpInBackground() {
    synchronized (this) {
      if (processor != null
          || lookingUp
          || clock.millis() - lastFailureMillis < RETRY_AFTER.toMillis()) {
        return;
      }
      lookingUp = true;
    }
    Thread lookup =
        new Thread(
            () -> {
              try {
                DefaultJWTProcessor<SecurityContext> built = build(discoverKeys());
                synchronized (this) {
                  processor = built;
                }
              } catch (RuntimeException e) {
                synchronized (this) {
                  lastFailureMillis = clock.millis();
                }
                LOG.warn("{} (its tokens are refused until it answers)", e.getMessage());
              } finally {
                synchronized (this) {
                  lookingUp = false;
                }
              }
            },
            "firn-oidc-discovery");
    lookup.setDaemon(true);
    lookup.start();
  }

  private URI discoverKeys() {
    URI discovery = provider.discovery();
    JsonNode document;
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(discovery)
                  .timeout(TIMEOUT)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw unavailable("answered " + response.statusCode() + " at " + discovery);
        }
        byte[] bytes = body.readNBytes(DISCOVERY_MAX_BYTES + 1);
        if (bytes.length > DISCOVERY_MAX_BYTES) {
          throw unavailable("sent a discovery document over " + DISCOVERY_MAX_BYTES + " bytes");
        }
        document = JSON.readTree(bytes);
      }
    } catch (IOException e) {
      throw unavailable("cannot be reached at " + discovery + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("lookup interrupted");
    }
    String issuer = document.path("issuer").asText(null);
    if (!issuer().equals(issuer)) {
      throw unavailable(
          "names its issuer " + issuer + " at " + discovery + ", not the configured " + issuer());
    }
    URI keys;
    try {
      keys = URI.create(document.path("jwks_uri").asText(""));
    } catch (IllegalArgumentException e) {
      throw unavailable("gives no valid jwks_uri at " + discovery);
    }
    // Plain http only when the issuer itself is a development provider on loopback.
    boolean secure =
        keys.getHost() != null
            && ("https".equals(keys.getScheme())
                || ("http".equals(keys.getScheme())
                    && "http".equals(provider.issuer().getScheme())
                    && LoopbackHost.matches(keys.getHost())));
    if (!secure) {
      throw unavailable("gives a jwks_uri that is not https: " + keys);
    }
    LOG.info("OpenID Connect provider {}: keys at {}", issuer(), keys);
    return keys;
  }

  private ServiceUnavailableException unavailable(String what) {
    return new ServiceUnavailableException("The identity provider %s %s", provider.issuer(), what);
  }

  private DefaultJWTProcessor<SecurityContext> build(URI keys) {
    JWKSource<SecurityContext> source;
    try {
      source =
          JWKSourceBuilder.<SecurityContext>create(
                  keys.toURL(),
                  new DefaultResourceRetriever(
                      (int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis(), KEYS_MAX_BYTES) {
                    @Override
                    protected java.net.HttpURLConnection openHTTPConnection(java.net.URL url)
                        throws IOException {
                      java.net.HttpURLConnection connection = super.openHTTPConnection(url);
                      // The keys are where discovery said, not wherever a redirect points.
                      connection.setInstanceFollowRedirects(false);
                      return connection;
                    }
                  })
              .cache(KEYS_KEPT.toMillis(), TIMEOUT.toMillis())
              .rateLimited(REFETCH_INTERVAL.toMillis())
              .retrying(true)
              .build();
    } catch (java.net.MalformedURLException e) {
      throw unavailable("gives a jwks_uri that is not a URL: " + keys);
    }
    DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
    built.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
    built.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
    built.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(provider.audience()),
            new JWTClaimsSet.Builder().issuer(issuer()).build(),
            Set.of("exp"),
            // An ID token proves a sign-in to a client, it is no access token: refuse one that
            // says so (Keycloak's typ ID, or the nonce of an OpenID sign-in).
            Set.of("nonce")) {
          @Override
          public void verify(JWTClaimsSet claims, SecurityContext context)
              throws com.nimbusds.jwt.proc.BadJWTException {
            super.verify(claims, context);
            if ("ID".equals(claims.getClaim("typ"))) {
              throw new com.nimbusds.jwt.proc.BadJWTException("An ID token is not an access token");
            }
          }
        });
    return built;
  }
}
