package dev.firn.catalog.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.firn.catalog.store.SigningKeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The issuer's signing keys (ES256), read from the catalog database, where every node of the
 * warehouse finds them; the first node to start creates one. A token naming a key this node has not
 * seen makes it read the keys again, at most every few seconds, so a key another node added is
 * picked up.
 */
final class SigningKeys {
  static final Duration RELOAD_INTERVAL = Duration.ofSeconds(10);

  private final SigningKeyStore store;
  private final Clock clock;
  private volatile List<ECKey> keys;
  private volatile long loadedAt;

  private SigningKeys(SigningKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The warehouse's keys, with one made first when there is none. */
  static SigningKeys open(SigningKeyStore store, Clock clock) {
    SigningKeys signing = new SigningKeys(store, clock);
    signing.reload();
    if (signing.keys.isEmpty()) {
      ECKey key = generate();
      // Another node may add its own at the same moment: both then verify, the newest signs.
      store.add(key.getKeyID(), key.toJSONString());
      signing.reload();
    }
    return signing;
  }

  /** The key new tokens are signed with: the newest. */
  ECKey signing() {
    return keys.get(0);
  }

  /** The key with that id, or null when the warehouse has none. */
  ECKey verification(String keyId) {
    ECKey key = find(keyId);
    if (key == null && clock.millis() - loadedAt >= RELOAD_INTERVAL.toMillis()) {
      reload();
      key = find(keyId);
    }
    return key;
  }

  private ECKey find(String keyId) {
    for (ECKey key : keys) {
      if (key.getKeyID().equals(keyId)) {
        return key;
      }
    }
    return null;
  }

  private synchronized void reload() {
    keys =
        store.keys().stream()
            .map(
                json -> {
                  try {
                    return ECKey.parse(json);
                  } catch (ParseException e) {
                    throw new IllegalStateException(
                        "A stored signing key is not a JSON Web Key", e);
                  }
                })
            .toList();
    loadedAt = clock.millis();
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot make a signing key", e);
    }
  }
}
