package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.access.Privilege;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.MetadataUpdate;
import org.junit.jupiter.api.Test;

class AccessLayerTest {
  /**
   * Every kind of table change Iceberg knows is a data change (write) or a change of definition
   * (alter): a kind a new Iceberg release adds fails here until someone decides which.
   */
  @Test
  void everyKindOfTableChangeNeedsWriteOrAlter() {
    Set<String> kinds =
        Arrays.stream(MetadataUpdate.class.getDeclaredClasses())
            .filter(MetadataUpdate.class::isAssignableFrom)
            .filter(kind -> !Modifier.isAbstract(kind.getModifiers()))
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> data =
        AccessLayer.DATA_CHANGES.stream()
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> definition =
        Set.of(
            "AssignUUID",
            "UpgradeFormatVersion",
            "AddSchema",
            "SetCurrentSchema",
            "RemoveSchemas",
            "AddPartitionSpec",
            "SetDefaultPartitionSpec",
            "RemovePartitionSpecs",
            "AddSortOrder",
            "SetDefaultSortOrder",
            "SetProperties",
            "RemoveProperties",
            "SetLocation",
            "AddViewVersion",
            "SetCurrentViewVersion",
            "AddEncryptionKey",
            "RemoveEncryptionKey");
    Set<String> decided = new TreeSet<>(data);
    decided.addAll(definition);
    assertThat(kinds).isEqualTo(decided);
    assertThat(AccessLayer.privilegeOf(new MetadataUpdate.SetCurrentSchema(1)))
        .isEqualTo(Privilege.ALTER);
    assertThat(AccessLayer.privilegeOf(new MetadataUpdate.RemoveSnapshotRef("audit")))
        .isEqualTo(Privilege.WRITE);
  }
}
