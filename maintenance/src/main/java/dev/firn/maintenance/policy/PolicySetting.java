package dev.firn.maintenance.policy;

/**
 * One value of a table's effective policy, and where it came from.
 *
 * @param key the property
 * @param value the value, read (a {@code Duration}, a byte count, a number, a flag or a schedule)
 * @param source where it was set: {@code Firn default}, {@code zone default for raw}, {@code
 *     namespace raw.sales}, {@code table raw.sales.orders}, with a note when it was clamped
 */
public record PolicySetting(PolicyKey key, Object value, String source) {
  /** The value as people write it, e.g. {@code 3d} or {@code 128MB}. */
  public String text() {
    return key.text(value);
  }
}
