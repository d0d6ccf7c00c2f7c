package dev.firn.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcProviderTest {
  private static OidcProvider roles(String claim) {
    return new OidcProvider(URI.create("https://idp.example.com/r"), "firn", "sub", claim, "firn-");
  }

  @Test
  void findsRolesInAFlatOrNestedClaim() {
    Map<String, Object> claims =
        Map.of(
            "roles", List.of("firn-analyst", 7, "firn-ingest", "admin", "firn-"),
            "groups", "firn-engineer",
            "realm_access", Map.of("roles", List.of("firn-admin", "offline_access")),
            "odd", Map.of("roles", "x"));
    // Only roles marked as Firn's count: a realm's own admin role means nothing to Firn.
    assertThat(roles("roles").roles(claims)).containsExactly("analyst", "ingest");
    assertThat(roles("groups").roles(claims)).containsExactly("engineer");
    assertThat(roles("realm_access.roles").roles(claims)).containsExactly("admin");
    assertThat(roles("realm_access.missing").roles(claims)).isEmpty();
    assertThat(roles("absent").roles(claims)).isEmpty();
    assertThat(roles("realm_access").roles(claims)).isEmpty();
  }

  @Test
  void findsTheDiscoveryDocumentUnderTheIssuer() {
    assertThat(OidcProvider.of(URI.create("https://idp.example.com/realms/lake/")).discovery())
        .isEqualTo(
            URI.create("https://idp.example.com/realms/lake/.well-known/openid-configuration"));
  }

  @Test
  void refusesIssuersTokensCouldBeForgedFor() {
    for (String issuer :
        List.of(
            "http://idp.example.com",
            "ftp://idp.example.com",
            "https:///nohost",
            "https://idp.example.com/?q=1",
            "https://idp.example.com/#f")) {
      assertThatThrownBy(() -> OidcProvider.of(URI.create(issuer)))
          .as(issuer)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(OidcProvider.of(URI.create("http://localhost:8080/realms/dev")).issuer().getHost())
        .isEqualTo("localhost");
  }
}
