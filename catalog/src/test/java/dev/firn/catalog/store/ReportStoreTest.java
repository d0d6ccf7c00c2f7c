package dev.firn.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports are kept for a bounded count per table and a bounded time, on a real SQLite database. */
class ReportStoreTest {
  private static final TableIdentifier ORDERS = TableIdentifier.of("raw", "sales", "orders");
  private static final TableIdentifier EVENTS = TableIdentifier.of("raw", "events");

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private CatalogDatabase database;

  @BeforeEach
  void open(@TempDir Path dir) {
    database = CatalogDatabase.open(DatabaseConfig.sqlite(dir.resolve("catalog.db")));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void defaultsAreStable() {
    assertThat(ReportStore.MAX_REPORT_BYTES).isEqualTo(64 * 1024);
    assertThat(ReportStore.KEPT_PER_TABLE_DEFAULT).isEqualTo(100);
    assertThat(ReportStore.KEPT_FOR_DEFAULT).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void keepsTheNewestReportsOfEachTable() {
    ReportStore store = new ReportStore(database, "wh", clock, 3, Duration.ofDays(1));
    for (int i = 1; i <= 5; i++) {
      store.record(ORDERS, "commit-report", "{\"n\":" + i + "}");
    }
    store.record(EVENTS, "scan-report", "{\"n\":1}");
    store.record(EVENTS, "scan-report", "{\"n\":2}");

    assertThat(store.reports(ORDERS))
        .extracting(ReportStore.Report::json)
        .containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
    assertThat(store.reports(EVENTS)).hasSize(2);
    ReportStore otherCatalog = new ReportStore(database, "other", clock, 3, Duration.ofDays(1));
    otherCatalog.record(ORDERS, "commit-report", "{}");
    assertThat(store.reports(ORDERS)).as("another catalog's reports count apart").hasSize(3);
  }

  @Test
  void prunesReportsOlderThanTheRetentionWhenOneIsRecorded() {
    ReportStore store = new ReportStore(database, "wh", clock, 100, Duration.ofDays(7));
    store.record(ORDERS, "commit-report", "{\"old\":true}");
    clock.advance(Duration.ofDays(6));
    store.record(ORDERS, "commit-report", "{\"recent\":true}");
    assertThat(store.reports(ORDERS)).hasSize(2);

    clock.advance(Duration.ofDays(2));
    store.record(EVENTS, "scan-report", "{}");

    assertThat(store.reports(ORDERS))
        .as("pruned by a report of another table")
        .extracting(ReportStore.Report::json)
        .containsExactly("{\"recent\":true}");
    assertThat(store.reports(EVENTS)).hasSize(1);
  }
}
