package dev.firn.s3;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The embedded S3 server's secret key, kept in a file of the data folder so that clients configured
 * with it keep working across restarts. The first start generates it at random and writes the file
 * readable and writable by its owner only.
 */
public final class SecretKeyFile {
  /** The property holding the key in the file. */
  public static final String KEY = "secret-access-key";

  /** Random bytes per key: 240 bits, 40 characters in URL-safe Base64. */
  static final int KEY_BYTES = 30;

  private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z0-9_-]{32,128}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretKeyFile() {}

  /** A new random secret key of URL-safe characters ({@code A-Z a-z 0-9 - _}). */
  static String generate() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The key kept in {@code file}; when the file does not exist, a new random key, written there
   * first.
   *
   * @throws IllegalStateException naming the file and the fix, when it cannot be read, holds no
   *     valid key, or cannot be written
   */
  public static String readOrCreate(Path file) {
    return Files.exists(file) ? read(file) : create(file);
  }

  private static String read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot read the embedded S3 credentials file "
              + file
              + ": "
              + reason(e)
              + " (make it readable by the user running Firn, or delete it to have a new key"
              + " generated)",
          e);
    }
    String key = properties.getProperty(KEY);
    if (key == null || !VALID_KEY.matcher(key.trim()).matches()) {
      throw new IllegalStateException(
          "Invalid embedded S3 credentials file "
              + file
              + ": it needs a line "
              + KEY
              + "=<32 to 128 letters, digits, '-' or '_'> (restore it, or delete it to have a new"
              + " key generated)");
    }
    return key.trim();
  }

  private static String create(Path file) {
    String key = generate();
    try {
      PrivateFile.write(
          file,
          "# The embedded S3 server's secret key, generated on the first start. Clients use it\n"
              + "# with the access key id; keep this file private.\n"
              + KEY
              + "="
              + key
              + "\n");
      return key;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot write the embedded S3 credentials file "
              + file
              + ": "
              + reason(e)
              + " (make the data folder writable by the user running Firn)",
          e);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
