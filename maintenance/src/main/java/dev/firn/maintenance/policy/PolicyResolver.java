package dev.firn.maintenance.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Works out a table's effective policy: Firn's defaults, then its zone's defaults, then the
 * properties of its zone namespace and of each deeper namespace, then the table's own, each later
 * one winning; values below a floor are raised to it.
 */
public final class PolicyResolver {
  private final PolicyDefaults defaults;

  public PolicyResolver(PolicyDefaults defaults) {
    this.defaults = defaults;
  }

  /** A level that may set policy properties: a namespace or the table. */
  public record Layer(String source, Map<String, String> properties) {}

  /** The policy of a table in a catalog, reading its namespaces' and its own properties. */
  public EffectivePolicy resolve(Catalog catalog, TableIdentifier table) {
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      throw new IllegalArgumentException("Catalog " + catalog.name() + " has no namespaces");
    }
    List<Layer> layers = new ArrayList<>();
    String[] levels = table.namespace().levels();
    for (int depth = 1; depth <= levels.length; depth++) {
      Namespace namespace = Namespace.of(Arrays.copyOf(levels, depth));
      layers.add(new Layer("namespace " + namespace, namespaces.loadNamespaceMetadata(namespace)));
    }
    layers.add(new Layer("table " + table, catalog.loadTable(table).properties()));
    return resolve(levels.length == 0 ? null : levels[0], layers);
  }

  /**
   * The policy under a zone and layers, outermost first (the zone namespace, deeper namespaces, the
   * table).
   */
  public EffectivePolicy resolve(String zone, List<Layer> layers) {
    Map<PolicyKey, PolicySetting> settings = new EnumMap<>(PolicyKey.class);
    List<String> warnings = new ArrayList<>();
    for (PolicyKey key : PolicyKey.values()) {
      PolicySetting setting =
          new PolicySetting(key, key.read(defaults.firnValue(key)), "Firn default");
      String zoneValue = zone == null ? null : defaults.zoneValue(zone, key);
      if (zoneValue != null) {
        setting = new PolicySetting(key, key.read(zoneValue), "zone default for " + zone);
      }
      for (Layer layer : layers) {
        String value = layer.properties().get(key.property());
        if (value != null) {
          try {
            setting = new PolicySetting(key, key.read(value), layer.source());
          } catch (IllegalArgumentException e) {
            warnings.add(e.getMessage() + ", set on " + layer.source() + "; passed over");
          }
        }
      }
      if (key.belowFloor(setting.value())) {
        setting =
            new PolicySetting(
                key, key.floor(), setting.source() + ", raised to the floor " + key.floorText());
      }
      settings.put(key, setting);
    }
    return new EffectivePolicy(settings, warnings);
  }
}
