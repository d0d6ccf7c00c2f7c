package dev.firn.catalog.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Principals' secrets: made by Firn, 256 random bits each, and stored only as a SHA-256 hash.
 *
 * <p>A slow password hash (PBKDF2, bcrypt) defends guessable secrets that people choose; Firn's are
 * never chosen by people and cannot be guessed, so one SHA-256 round is as strong and keeps each
 * token request cheap.
 */
final class Secrets {
  private static final String PREFIX = "sha256:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new secret: 32 random bytes, base64url without padding. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a secret. */
  static String hash(String secret) {
    return PREFIX + HexFormat.of().formatHex(sha256(secret));
  }

  /** Whether {@code secret} is the one {@code hash} was made from, in time independent of both. */
  static boolean matches(String secret, String hash) {
    if (secret == null || hash == null || !hash.startsWith(PREFIX)) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(hash.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(secret));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }
}
