package dev.firn.bench;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.CatalogSections;
import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.compaction.CompactionReport;
import dev.firn.bench.compaction.CompactionSection;
import dev.firn.bench.expiry.ExpiryReport;
import dev.firn.bench.expiry.ExpirySection;
import dev.firn.bench.ingest.IngestReport;
import dev.firn.bench.ingest.IngestSection;
import java.util.ArrayList;
import java.util.List;

/** Puts each harness's sections under the suite's scenarios. */
final class SuiteSections {
  private SuiteSections() {}

  /** The loadTable and commit sections of one catalog run, for the scenarios it ran. */
  static List<SuiteSection> catalog(MarkdownReport report, BenchSettings settings) {
    List<SuiteSection> sections = new ArrayList<>();
    if (!settings.loadThreads().isEmpty()) {
      sections.add(
          new SuiteSection(SuiteScenario.LOAD_TABLE, CatalogSections.load(report, settings)));
    }
    if (!settings.writers().isEmpty()) {
      sections.add(
          new SuiteSection(
              SuiteScenario.COMMITS,
              CatalogSections.commits(report, settings, sections.isEmpty())));
    }
    return sections;
  }

  static SuiteSection ingest(IngestReport report) {
    return new SuiteSection(SuiteScenario.INGEST, IngestSection.of(report));
  }

  static SuiteSection compaction(CompactionReport report) {
    return new SuiteSection(SuiteScenario.COMPACTION, CompactionSection.of(report));
  }

  static SuiteSection expiry(ExpiryReport report) {
    return new SuiteSection(SuiteScenario.EXPIRY, ExpirySection.of(report));
  }
}
