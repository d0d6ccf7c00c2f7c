package dev.firn.bench.core;

import java.nio.file.Path;
import java.util.List;

/**
 * How one measured child JVM ended.
 *
 * @param log its output and error, together
 * @param exitCode its exit status, or null when it did not end within its timeout
 * @param figures its wall time, to its end or to the timeout, and its memory peaks
 * @param output the lines of its log
 */
public record ChildRun(Path log, Integer exitCode, ProcessFigures figures, List<String> output) {
  public ChildRun {
    output = List.copyOf(output);
  }

  /**
   * Why the child's result does not count, or null.
   *
   * @param timeout as the reason states it, such as {@code 15 minutes}
   * @param found whether the child printed its result line
   * @param succeeded whether that line says the job succeeded
   * @param error what that line says went wrong, or null
   */
  public String failure(String timeout, boolean found, boolean succeeded, String error) {
    if (exitCode == null) {
      return "no result within " + timeout;
    }
    if (!found) {
      return "no result line, exit code " + exitCode + "; see " + log;
    }
    if (!succeeded || exitCode != 0) {
      return "exit code " + exitCode + ": " + error + "; see " + log;
    }
    return null;
  }
}
