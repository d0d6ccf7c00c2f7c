package dev.firn.maintenance.policy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code firn.maintenance.*} properties a zone, a namespace or a table sets, each with how to
 * read it and the floor no policy can go below.
 */
public enum PolicyKey {
  ENABLED("enabled", PolicyValues::flag, null, "true or false"),
  COMPACTION_TARGET_FILE_SIZE(
      "compaction.target-file-size", PolicyValues::bytes, 1L << 20, "a size such as 128MB"),
  COMPACTION_MIN_SMALL_FILES(
      "compaction.min-small-files", PolicyValues::wholeNumber, 2, "a whole number"),
  COMPACTION_COPY_ROW_GROUPS(
      "compaction.copy-row-groups", PolicyValues::flag, null, "true or false"),
  COMPACTION_SCHEDULE(
      "compaction.schedule",
      PolicyValues::schedule,
      null,
      "@hourly, @daily, @weekly or five cron fields in range"),
  SNAPSHOT_MAX_AGE("snapshot.max-age", PolicyValues::duration, Duration.ofHours(1), "a duration"),
  SNAPSHOT_MIN_KEPT("snapshot.min-kept", PolicyValues::wholeNumber, 1, "a whole number"),
  SNAPSHOT_SCHEDULE(
      "snapshot.schedule",
      PolicyValues::schedule,
      null,
      "@hourly, @daily, @weekly or five cron fields in range"),
  ORPHAN_MIN_AGE("orphan.min-age", PolicyValues::duration, Duration.ofHours(24), "a duration"),
  ORPHAN_SCHEDULE(
      "orphan.schedule",
      PolicyValues::schedule,
      null,
      "@hourly, @daily, @weekly or five cron fields in range"),
  MANIFEST_MAX_SMALL_MANIFESTS(
      "manifest.max-small-manifests", PolicyValues::wholeNumber, 1, "a whole number");

  /** What every policy property's name starts with. */
  public static final String PREFIX = "firn.maintenance.";

  private final String property;
  private final Function<String, ?> reader;
  private final Comparable<?> floor;
  private final String expected;

  PolicyKey(String name, Function<String, ?> reader, Comparable<?> floor, String expected) {
    this.property = PREFIX + name;
    this.reader = reader;
    this.floor = floor;
    this.expected = expected;
  }

  /** The property name, e.g. {@code firn.maintenance.orphan.min-age}. */
  public String property() {
    return property;
  }

  /** The key a property names, if it is one. */
  public static Optional<PolicyKey> of(String property) {
    return Arrays.stream(values()).filter(k -> k.property.equals(property)).findFirst();
  }

  /**
   * Checks a property a user sets: a {@code firn.maintenance.*} name must be known and its value
   * readable and at or above the floor. Other properties pass.
   *
   * @throws IllegalArgumentException naming the property, the value and the rule
   */
  public static void validate(String property, String value) {
    if (!property.startsWith(PREFIX)) {
      return;
    }
    PolicyKey key =
        of(property)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Unknown policy property: "
                            + property
                            + " (known: "
                            + String.join(
                                ", ", Arrays.stream(values()).map(PolicyKey::property).toList())
                            + ")"));
    Object parsed = key.read(value);
    if (key.belowFloor(parsed)) {
      throw new IllegalArgumentException(
          "Invalid " + property + ": " + value + " (must be at least " + key.floorText() + ")");
    }
  }

  /**
   * The value, read.
   *
   * @throws IllegalArgumentException naming the property, the value and what was expected
   */
  Object read(String value) {
    try {
      return reader.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Invalid " + property + ": " + value + " (must be " + expected + ")");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  boolean belowFloor(Object value) {
    return floor != null && ((Comparable) value).compareTo(floor) < 0;
  }

  Object floor() {
    return floor;
  }

  String floorText() {
    return text(floor);
  }

  /** A value as people write it. */
  String text(Object value) {
    if (value instanceof Duration duration) {
      return PolicyValues.describe(duration);
    }
    if (this == COMPACTION_TARGET_FILE_SIZE) {
      return PolicyValues.describe((Long) value);
    }
    return String.valueOf(value);
  }
}
