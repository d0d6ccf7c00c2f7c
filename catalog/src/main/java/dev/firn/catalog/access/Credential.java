package dev.firn.catalog.access;

import java.util.Objects;

/**
 * A principal's client credential, written {@code id:secret} as Iceberg clients take it in their
 * {@code credential} property. Its {@code toString} never shows the secret.
 */
public record Credential(String clientId, String secret) {
  public Credential {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(secret, "secret");
  }

  /**
   * Reads {@code id:secret}.
   *
   * @throws IllegalArgumentException when there is no colon or either side is empty
   */
  public static Credential parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "Invalid credential: expected client-id:secret, as firn serve prints it");
    }
    return new Credential(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The credential as clients take it: {@code id:secret}. */
  public String value() {
    return clientId + ":" + secret;
  }

  @Override
  public String toString() {
    return clientId + ":****";
  }
}
