package dev.firn.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat {@code key=value} settings gathered from, in rising precedence: a properties file, {@code
 * FIRN_*} environment variables, and command-line options. A key such as {@code storage.endpoint}
 * is read from the environment as {@code FIRN_STORAGE_ENDPOINT}.
 */
final class Settings {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  static Settings load(Path file, Map<String, String> environment, Map<String, String> options) {
    Map<String, String> values = new TreeMap<>();
    if (file != null) {
      values.putAll(readFile(file));
    }
    for (String key : ServeConfig.KEYS) {
      String fromEnvironment = environment.get(environmentName(key));
      if (fromEnvironment != null) {
        values.put(key, fromEnvironment);
      }
    }
    options.forEach(
        (key, value) -> {
          if (value != null) {
            values.put(key, value);
          }
        });
    for (String key : values.keySet()) {
      if (!ServeConfig.KEYS.contains(key)) {
        throw new UsageException(
            "Unknown setting: " + key + " (known: " + String.join(", ", ServeConfig.KEYS) + ")");
      }
    }
    return new Settings(values);
  }

  /**
   * The environment variable that sets a key: {@code storage.access-key-id} →
   * FIRN_STORAGE_ACCESS_KEY_ID.
   */
  static String environmentName(String key) {
    return "FIRN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  String get(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  String get(String key, String fallback) {
    String value = get(key);
    return value == null ? fallback : value;
  }

  int intValue(String key, int fallback, int min, int max) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "Invalid "
              + key
              + ": "
              + value
              + " (must be a whole number from "
              + min
              + " to "
              + max
              + ")");
    }
  }

  /** A size in bytes: plain bytes, or with a unit such as {@code 512MB}, {@code 50GB} (of 1024). */
  long bytesValue(String key, long fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        int shift =
            switch (m.group(2) == null ? "b" : m.group(2)) {
              case "kb" -> 10;
              case "mb" -> 20;
              case "gb" -> 30;
              case "tb" -> 40;
              default -> 0;
            };
        return Math.multiplyExact(amount, 1L << shift);
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // Too large: reported below.
    }
    throw new UsageException(
        "Invalid " + key + ": " + value + " (must be a size such as 512MB or 50GB)");
  }

  boolean booleanValue(String key, boolean fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new UsageException("Invalid " + key + ": " + value + " (must be true or false)");
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UsageException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> result = new TreeMap<>();
    properties.forEach((key, value) -> result.put(key.toString().trim(), value.toString()));
    return result;
  }
}
