package dev.firn.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Flat {@code key=value} settings gathered from, in rising precedence: a properties file, {@code
 * FIRN_*} environment variables, and command-line options. A key such as {@code storage.endpoint}
 * is read from the environment as {@code FIRN_STORAGE_ENDPOINT}.
 */
final class Settings {
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
        throw new IllegalArgumentException(
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
      throw new IllegalArgumentException(
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

  boolean booleanValue(String key, boolean fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(
        "Invalid " + key + ": " + value + " (must be true or false)");
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> result = new TreeMap<>();
    properties.forEach((key, value) -> result.put(key.toString().trim(), value.toString()));
    return result;
  }
}
