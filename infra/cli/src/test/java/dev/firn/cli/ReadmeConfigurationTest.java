package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * README's configuration table and the settings {@code firn serve} reads are one list: a key added
 * to the code without a row, or a row left behind by a removed key, fails here.
 */
class ReadmeConfigurationTest {
  private static final Path README = Path.of("../../README.md");
  private static final String HEADER = "| key | environment | default | meaning |";

  /** How README writes the zone defaults: one row for every zone and policy key. */
  private static final String ZONE_ROW = MaintenanceSettings.ZONE_PREFIX + "<zone>.<key>";

  @Test
  void readmeHasARowForEverySettingAndNoOther() throws IOException {
    TreeSet<String> documented = new TreeSet<>(rows().keySet());
    TreeSet<String> read = new TreeSet<>();
    for (String key : ServeConfig.KEYS) {
      read.add(key.startsWith(MaintenanceSettings.ZONE_PREFIX) ? ZONE_ROW : key);
    }

    TreeSet<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented);
    TreeSet<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(read);
    assertThat(undocumented).as("settings firn serve reads that README's table lacks").isEmpty();
    assertThat(unknown).as("rows of README's table that firn serve does not read").isEmpty();
  }

  @Test
  void readmeNamesTheEnvironmentVariableThatSetsEachKey() throws IOException {
    rows()
        .forEach(
            (key, environment) -> {
              if (!key.equals(ZONE_ROW)) {
                assertThat(environment)
                    .as(key)
                    .isEqualTo("`" + Settings.environmentName(key) + "`");
              }
            });
  }

  /** README's configuration table: each key, in its backticks, with its environment column. */
  private static Map<String, String> rows() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int header = lines.indexOf(HEADER);
    assertThat(header).as("README's configuration table, headed " + HEADER).isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      String key = cells[1].trim();
      assertThat(key).as("a key in backticks: " + line).startsWith("`").endsWith("`");
      rows.put(key.substring(1, key.length() - 1), cells[2].trim());
    }
    assertThat(rows).as("rows of README's configuration table").isNotEmpty();
    return rows;
  }
}
