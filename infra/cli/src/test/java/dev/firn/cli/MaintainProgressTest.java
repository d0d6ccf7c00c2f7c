package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.compaction.CompactionListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintainProgressTest {
  private static JobResult done(JobKind kind, Map<Measure, Long> counts) {
    return new JobResult(
        "firn.raw.t",
        kind,
        false,
        Instant.EPOCH,
        Duration.ofMillis(120),
        counts,
        List.of(),
        List.of(),
        null);
  }

  @Test
  void aTerminalGetsOneLiveLineWithTheCompactionGroups() {
    StringWriter text = new StringWriter();
    MaintainProgress progress = new MaintainProgress(new PrintWriter(text), true, 4);

    CompactionListener listener = progress.started("raw.t", JobKind.COMPACTION);
    listener.planned(3, 3000);
    listener.finished(0, true);
    listener.finished(1, false);
    assertThat(progress.line()).isEqualTo("[1/4] raw.t compaction: 2/3 groups");
    progress.finished(done(JobKind.COMPACTION, Map.of()));
    progress.started("raw.t", JobKind.EXPIRY);
    assertThat(progress.line()).isEqualTo("[2/4] raw.t expiry");
    progress.close();

    assertThat(text.toString())
        .startsWith("\r[1/4] raw.t compaction\033[K\r[1/4] raw.t compaction: 0/3 groups\033[K")
        .contains("\r[1/4] raw.t compaction: 2/3 groups\033[K\r[2/4] raw.t expiry\033[K")
        .endsWith("\r\033[K")
        .doesNotContain("\n");
  }

  @Test
  void aPipeGetsALinePerFinishedJob() {
    StringWriter text = new StringWriter();
    MaintainProgress progress = new MaintainProgress(new PrintWriter(text), false, 2);

    progress.started("raw.t", JobKind.EXPIRY).planned(1, 1);
    progress.finished(done(JobKind.EXPIRY, Map.of(Measure.SNAPSHOTS_EXPIRED, 2L)));
    progress.started("raw.t", JobKind.METADATA);
    progress.finished(done(JobKind.METADATA, Map.of(Measure.METADATA_FILES_DELETED, 1L)));
    progress.close();

    assertThat(text.toString().lines())
        .containsExactly(
            "[1/2] raw.t expiry: ok, 2 snapshots expired, 0 files deleted in 120 ms",
            "[2/2] raw.t metadata: ok, 1 metadata file deleted in 120 ms");
  }
}
