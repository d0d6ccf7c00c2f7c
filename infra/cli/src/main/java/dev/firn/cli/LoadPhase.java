package dev.firn.cli;

import dev.firn.writer.IngestProgress;
import java.io.PrintWriter;

/**
 * Where a load is, so that Ctrl-C (or a SIGTERM) says what was and was not committed: before the
 * commit, nothing was; during it, the outcome is unknown and the same command settles it.
 */
final class LoadPhase {
  private enum Phase {
    READING,
    COMMITTING,
    DONE
  }

  private final String table;
  private volatile Phase phase = Phase.READING;

  LoadPhase(String table) {
    this.table = table;
  }

  /** The progress listener, noting when the load starts committing. */
  IngestProgress around(IngestProgress inner) {
    return new IngestProgress() {
      @Override
      public void started(int files, long bytes) {
        inner.started(files, bytes);
      }

      @Override
      public void advanced(int filesDone, long rows, long bytes) {
        inner.advanced(filesDone, rows, bytes);
      }

      @Override
      public void committing() {
        phase = Phase.COMMITTING;
        inner.committing();
      }
    };
  }

  /** Registers what an interrupted load prints; {@link #done} removes it. */
  Thread onInterrupt(PrintWriter err) {
    Thread hook =
        new Thread(
            () -> {
              String message =
                  switch (phase) {
                    case READING ->
                        "firn: interrupted before committing: nothing was committed to "
                            + table
                            + "; the files written so far are left for orphan removal";
                    case COMMITTING ->
                        "firn: interrupted while committing to "
                            + table
                            + ": it may or may not have landed; run the same command again, it"
                            + " finds the batch if it landed and loads it otherwise";
                    case DONE -> null;
                  };
              if (message != null) {
                err.println(message);
                err.flush();
              }
            },
            "firn-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  void done(Thread hook) {
    phase = Phase.DONE;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs, and prints nothing: the load is done.
    }
  }
}
