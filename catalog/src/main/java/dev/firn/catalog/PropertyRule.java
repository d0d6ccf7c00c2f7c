package dev.firn.catalog;

/**
 * A rule for the properties users set on namespaces and tables, checked before anything is stored;
 * {@code firn serve} plugs in the rules of maintenance policies.
 */
@FunctionalInterface
public interface PropertyRule {
  /** Accepts every property. */
  PropertyRule NONE = (key, value) -> {};

  /**
   * Checks one property being set.
   *
   * @throws IllegalArgumentException naming the property, the value and the rule, answered as a 400
   */
  void check(String key, String value);
}
