package dev.firn.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.boundary.TableLocation;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Locations take safe characters when they are set, and Firn's own naming produces only those. */
class TableLocationsTest {
  private final TableLocations locations = new TableLocations("s3://warehouse");
  private final TableIdentifier id = TableIdentifier.of("raw", "orders");

  @Test
  void newLocationsOfAnyNameTakeOnlySafeCharacters() {
    TableIdentifier odd = TableIdentifier.of(Namespace.of("raw", "my sales#1"), "orders?%20 v2");
    String location = locations.newLocation(odd);
    assertThat(location).startsWith("s3://warehouse/raw/my_sales_1/orders__20_v2-");
    assertThat(TableLocation.unsafeCharacter(location)).isEmpty();
    assertThatCode(() -> locations.checkTable(odd, location, Map.of(), true))
        .doesNotThrowAnyException();
  }

  @Test
  void locationsBeingSetRefuseUnsafeCharacters() {
    for (String bad : List.of("%41", " ", "\t", ":", "@", "+", "?", "#", "\u200b")) {
      String location = "s3://warehouse/raw/a" + bad + "b";
      assertThatThrownBy(() -> locations.checkTable(id, location, Map.of(), true))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    // A location set by an earlier Firn stays usable: it is only checked when set.
    assertThatCode(
            () -> locations.checkTable(id, "s3://warehouse/raw/my orders-1", Map.of(), false))
        .doesNotThrowAnyException();
  }

  @Test
  void pathPropertiesBeingSetRefuseUnsafeCharactersAndLocationProvidersAreRefused() {
    assertThatThrownBy(
            () -> locations.checkNewProperty(id, "write.data.path", "s3://warehouse/raw/o/d a"))
        .hasMessageContaining("is not allowed");
    assertThatThrownBy(
            () ->
                locations.checkNewProperty(
                    id, "write.location-provider.impl", "org.apache.iceberg.LocationProviders"))
        .hasMessageContaining("write.location-provider.impl");
    assertThatCode(() -> locations.checkNewProperty(id, "owner", "a b?#%"))
        .doesNotThrowAnyException();
  }
}
