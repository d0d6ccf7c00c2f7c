package dev.firn.maintenance.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.vocabulary.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README's table of maintenance policies is the code's: each key's default in every zone and its
 * floor, so a default changed in one place and not the other fails here.
 */
class ReadmePolicyTableTest {
  private static final Path README = Path.of("../README.md");

  @Test
  void readmeShowsEachZonesDefaultAndEachFloor() throws IOException {
    PolicyResolver resolver = new PolicyResolver(PolicyDefaults.standard());
    List<String> expected = new ArrayList<>();
    for (PolicyKey key : PolicyKey.values()) {
      List<String> cells = new ArrayList<>(List.of("`" + key.property() + "`"));
      for (Zone zone : Zone.values()) {
        cells.add(resolver.resolve(zone.level(), List.of()).setting(key).text());
      }
      cells.add(key.floor() == null ? "" : key.floorText());
      expected.add(String.join(" | ", cells));
    }

    assertThat(rows()).isEqualTo(expected);
  }

  /** The rows of README's policy table, cells joined by {@code " | "}. */
  private static List<String> rows() throws IOException {
    String header =
        "| property | "
            + String.join(" | ", Arrays.stream(Zone.values()).map(Zone::level).toList())
            + " | floor |";
    List<String> lines = Files.readAllLines(README);
    int start = lines.indexOf(header);
    assertThat(start).as("README's policy table, headed " + header).isNotNegative();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(start + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String inner = line.substring(1, line.length() - 1);
      rows.add(
          String.join(" | ", Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList()));
    }
    return rows;
  }
}
