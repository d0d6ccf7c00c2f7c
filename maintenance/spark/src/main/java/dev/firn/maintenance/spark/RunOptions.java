package dev.firn.maintenance.spark;

import dev.firn.maintenance.engine.SparkJobProcess;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the Spark engine's entry point ({@link SparkJobRun}): options with a value,
 * flags, and {@code --conf key=value} as often as needed. Every entry point takes {@code
 * --catalog-uri}, {@code --warehouse}, {@code --master} and {@code --conf}, which make the engine's
 * configuration.
 *
 * @param values each option given with its value, such as {@code --table}
 * @param conf the {@code --conf} pairs, in order
 * @param flags the flags given, such as {@code --dry-run}
 */
record RunOptions(Map<String, String> values, Map<String, String> conf, Set<String> flags) {
  static final String MASTER_DEFAULT = "local[*]";

  /** The options every entry point reads, besides its own. */
  private static final Set<String> ENGINE_OPTIONS =
      Set.of("--master", "--catalog-uri", "--warehouse", "--conf");

  RunOptions {
    values = Map.copyOf(values);
    conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    flags = Set.copyOf(flags);
  }

  /**
   * Reads a command line.
   *
   * @param options the entry point's own options that take a value
   * @param flagOptions its options that take none
   * @throws IllegalArgumentException naming an unknown option, a missing value or a bad pair
   */
  static RunOptions parse(String[] args, Set<String> options, Set<String> flagOptions) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> conf = new LinkedHashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (flagOptions.contains(option)) {
        flags.add(option);
        continue;
      }
      if (!options.contains(option) && !ENGINE_OPTIONS.contains(option)) {
        throw new IllegalArgumentException("Unknown option: " + option);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value for " + option);
      }
      String value = args[++i];
      if (option.equals("--conf")) {
        int equals = value.indexOf('=');
        if (equals < 1) {
          throw new IllegalArgumentException("Invalid --conf: " + value + " (key=value)");
        }
        conf.put(value.substring(0, equals), value.substring(equals + 1));
      } else {
        values.put(option, value);
      }
    }
    return new RunOptions(values, conf, flags);
  }

  /** Whether every one of the options was given. */
  boolean has(String... options) {
    for (String option : options) {
      if (!values.containsKey(option)) {
        return false;
      }
    }
    return true;
  }

  String value(String option) {
    return values.get(option);
  }

  /** A whole-number option, or null when absent. */
  Long number(String option) {
    String value = values.get(option);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + option + ": " + value + " (a number)");
    }
  }

  /**
   * The engine's configuration: {@code --master} ({@code local[*]} by default), {@code
   * --catalog-uri}, {@code --warehouse}; {@code spark.*} pairs configure Spark, the others the
   * Iceberg catalog. The bearer token a parent hands over in {@link SparkJobProcess#TOKEN_VARIABLE}
   * signs the catalog in.
   */
  SparkEngineConfig engineConfig() {
    return engineConfig(System.getenv(SparkJobProcess.TOKEN_VARIABLE));
  }

  SparkEngineConfig engineConfig(String token) {
    SparkEngineConfig config =
        SparkEngineConfig.of(
            values.getOrDefault("--master", MASTER_DEFAULT),
            URI.create(values.get("--catalog-uri")),
            values.getOrDefault("--warehouse", SparkEngineConfig.WAREHOUSE_DEFAULT));
    for (Map.Entry<String, String> entry : conf.entrySet()) {
      config =
          entry.getKey().startsWith("spark.")
              ? config.withSparkProperty(entry.getKey(), entry.getValue())
              : config.withCatalogProperty(entry.getKey(), entry.getValue());
    }
    if (token != null && !token.isBlank() && !conf.containsKey("token")) {
      config = config.withCatalogProperty("token", token);
    }
    return config;
  }
}
