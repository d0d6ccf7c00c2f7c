package dev.firn.catalog.iceberg;

import dev.firn.catalog.PropertyRule;
import dev.firn.catalog.store.NamespaceStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;

/**
 * The rules for the properties of a namespace: what a client may set or remove, and what a load
 * reports besides what is stored (the namespace's location in the warehouse). Each refusal is an
 * {@link IllegalArgumentException}, answered as a 400.
 */
final class NamespaceProperties {
  /** Longest property value a namespace holds. */
  static final int MAX_VALUE_LENGTH = 1000;

  private final PropertyRule rule;
  private final TableLocations locations;

  NamespaceProperties(PropertyRule rule, TableLocations locations) {
    this.rule = rule;
    this.locations = locations;
  }

  /** Checks the properties set on a namespace, when it is created or later. */
  void checkSet(Namespace namespace, Map<String, String> properties) {
    properties.forEach(this::checkOne);
    if (!namespace.isEmpty()) {
      locations.checkNamespace(namespace, properties);
    }
  }

  /** Checks the names of properties being removed. */
  void checkRemoved(Set<String> names) {
    if (names.contains(NamespaceStore.EXISTS_PROPERTY)) {
      throw new IllegalArgumentException(
          "Cannot remove reserved namespace property: " + NamespaceStore.EXISTS_PROPERTY);
    }
  }

  /** The properties a client sees: those stored, and the location every namespace has. */
  Map<String, String> shown(Namespace namespace, Map<String, String> stored) {
    Map<String, String> properties = new LinkedHashMap<>(stored);
    if (!namespace.isEmpty()) {
      properties.put(TableLocations.NAMESPACE_LOCATION, locations.namespaceLocation(namespace));
    }
    return properties;
  }

  private void checkOne(String key, String value) {
    if (NamespaceStore.EXISTS_PROPERTY.equals(key)) {
      throw new IllegalArgumentException(
          "Cannot set reserved namespace property: " + NamespaceStore.EXISTS_PROPERTY);
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("Invalid namespace property: empty key");
    }
    if (value == null) {
      throw new IllegalArgumentException("Invalid namespace property " + key + ": null value");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid namespace property %s: value of %s characters (at most %s)",
              key, value.length(), MAX_VALUE_LENGTH));
    }
    rule.check(key, value);
  }
}
