package dev.firn.cli;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.compaction.CompactionListener;
import java.io.PrintWriter;

/**
 * Shows which job {@code firn maintain} is on. On a terminal it is one redrawn line: job i of n,
 * the table, the job and, for a compaction, the file groups done of those planned. Otherwise it is
 * one line per job as it finishes, which reads well in a log.
 */
final class MaintainProgress {
  private final PrintWriter out;
  private final boolean terminal;
  private final int jobs;
  private int index;
  private String table;
  private JobKind kind;
  private int groupsPlanned = -1;
  private int groupsDone;
  private boolean drawn;

  MaintainProgress(PrintWriter out, boolean terminal, int jobs) {
    this.out = out;
    this.terminal = terminal;
    this.jobs = jobs;
  }

  /** A job starts; the listener hears how its file groups go if it is a compaction. */
  synchronized CompactionListener started(String startedTable, JobKind startedKind) {
    index++;
    table = startedTable;
    kind = startedKind;
    groupsPlanned = -1;
    groupsDone = 0;
    draw();
    return new CompactionListener() {
      @Override
      public void planned(int groups, long bytes) {
        synchronized (MaintainProgress.this) {
          groupsPlanned = groups;
          draw();
        }
      }

      @Override
      public void finished(int group, boolean committed) {
        synchronized (MaintainProgress.this) {
          groupsDone++;
          draw();
        }
      }
    };
  }

  synchronized void finished(JobResult result) {
    if (!terminal) {
      out.println(
          prefix()
              + ": "
              + (result.succeeded() ? "ok" : "FAILED")
              + ", "
              + MaintainSummary.result(result)
              + " in "
              + MaintainSummary.duration(result.duration()));
      out.flush();
    }
  }

  /** Clears the live line, so that what follows starts on a clean line. */
  synchronized void close() {
    if (drawn) {
      out.print("\r\033[K");
      out.flush();
      drawn = false;
    }
  }

  String line() {
    return prefix()
        + (groupsPlanned < 0 ? "" : ": " + groupsDone + "/" + groupsPlanned + " groups");
  }

  private String prefix() {
    return "[" + index + "/" + jobs + "] " + table + " " + kind.label();
  }

  private void draw() {
    if (terminal) {
      out.print("\r" + line() + "\033[K");
      out.flush();
      drawn = true;
    }
  }
}
