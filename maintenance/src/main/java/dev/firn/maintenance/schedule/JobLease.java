package dev.firn.maintenance.schedule;

import java.util.function.Supplier;

/**
 * The lease of the job running on this thread, checked before each of its commits: a job whose node
 * lost the table's lease (its renewals failed for longer than the lease, and another node took the
 * table) must not commit, or two jobs would change one table at once. The scheduler sets it around
 * each job; a job takes it once, on the thread it starts on, and runs it before every commit, on
 * whatever thread commits.
 */
public final class JobLease {
  private static final Runnable NONE = () -> {};
  private static final ThreadLocal<Runnable> CHECK = ThreadLocal.withInitial(() -> NONE);

  private JobLease() {}

  /**
   * The check of the job running on this thread: it confirms the lease and extends it, or throws
   * {@link LeaseLostException}. Outside the scheduler (a job run by hand), it checks nothing.
   */
  public static Runnable check() {
    return CHECK.get();
  }

  static <T> T during(Runnable check, Supplier<T> job) {
    CHECK.set(check);
    try {
      return job.get();
    } finally {
      CHECK.remove();
    }
  }

  /** A job's node no longer holds the table's lease: the job stops before committing. */
  public static final class LeaseLostException extends IllegalStateException {
    public LeaseLostException(String message) {
      super(message);
    }
  }
}
