package dev.firn.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.Test;

class StoredNamespaceTest {
  @Test
  void storesPlainNamesExactlyAsIcebergsJdbcCatalogDoes() {
    assertThat(StoredNamespace.encode(Namespace.of("raw", "sales", "orders_2026")))
        .isEqualTo("raw.sales.orders_2026");
  }

  @Test
  void keepsNamesWithDotsDistinctFromNestedNamespaces() {
    String dotted = StoredNamespace.encode(Namespace.of("a.b"));
    String nested = StoredNamespace.encode(Namespace.of("a", "b"));
    assertThat(dotted).isNotEqualTo(nested);
    assertThat(StoredNamespace.decode(dotted)).isEqualTo(Namespace.of("a.b"));
    assertThat(StoredNamespace.decode(nested)).isEqualTo(Namespace.of("a", "b"));
  }

  @Test
  void roundTripsPercentSignsAndEscapeLookalikes() {
    for (String name : new String[] {"%", "%2E", "%25", "a%2Eb.c", "100%", "x%%2E.%"}) {
      Namespace namespace = Namespace.of("raw", name);
      assertThat(StoredNamespace.decode(StoredNamespace.encode(namespace)))
          .as(name)
          .isEqualTo(namespace);
    }
  }

  @Test
  void matchesOnlyDescendantsEvenWhenNamesHoldLikeWildcards() {
    assertThat(StoredNamespace.descendantsPattern(Namespace.of("a_b", "c%d")))
        .isEqualTo("a!_b.c!%25d.%");
  }
}
