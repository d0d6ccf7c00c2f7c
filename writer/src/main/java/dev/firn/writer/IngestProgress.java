package dev.firn.writer;

/** Receives a load's progress; called from the loading thread. */
public interface IngestProgress {
  IngestProgress NONE = new IngestProgress() {};

  /** The load is about to read {@code files} inputs totalling {@code bytes} (-1 if unknown). */
  default void started(int files, long bytes) {}

  /** Progress so far: inputs finished, rows read, bytes read. */
  default void advanced(int filesDone, long rows, long bytes) {}

  /** The load is committing. */
  default void committing() {}
}
