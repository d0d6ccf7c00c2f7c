package dev.firn.bench.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The catalog properties of every client the harnesses start on Firn's side, signed in with the
 * server's root credential, which children get in {@link #CREDENTIAL_VARIABLE}.
 */
public final class CatalogClients {
  /** The environment variable that hands children the credential. */
  public static final String CREDENTIAL_VARIABLE = "FIRN_CREDENTIAL";

  private CatalogClients() {}

  /** A client of the catalog at {@code uri}, signed in with {@code credential} unless null. */
  public static Map<String, String> properties(String uri, String warehouse, String credential) {
    Map<String, String> properties = new HashMap<>();
    properties.put("uri", uri);
    properties.put("warehouse", warehouse);
    if (credential != null && !credential.isBlank()) {
      properties.put("credential", credential);
      properties.put("oauth2-server-uri", uri.replaceAll("/+$", "") + "/v1/oauth/tokens");
      properties.put("rest.auth.type", "oauth2");
    }
    return properties;
  }
}
