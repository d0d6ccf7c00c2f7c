package dev.firn.writer.load;

import dev.firn.writer.BadRowLimit;
import dev.firn.writer.BadRowPolicy;
import dev.firn.writer.input.BadInputException;
import java.util.ArrayList;
import java.util.List;

/** Rows a load could not take, handled per its bad-row policy. */
final class Rejects {
  static final int SAMPLE_SIZE = 5;

  private final BadRowPolicy policy;
  private final DeadLetterSink deadLetters;
  private final BadRowLimit limit;
  private final List<String> sample = new ArrayList<>();
  private long count;

  Rejects(BadRowPolicy policy, DeadLetterSink deadLetters, BadRowLimit limit) {
    this.policy = policy;
    this.deadLetters = deadLetters;
    this.limit = limit;
  }

  /**
   * Handles one bad row.
   *
   * @throws BadInputException under the {@code fail} policy
   */
  synchronized void reject(String position, String reason, String raw) {
    if (policy == BadRowPolicy.FAIL) {
      throw new BadInputException(position, reason);
    }
    count++;
    if (limit.exceededBy(count)) {
      throw new BadInputException(
          position,
          reason
              + " (bad row "
              + count
              + ", more than the limit of "
              + limit
              + "; the load changes nothing)");
    }
    if (sample.size() < SAMPLE_SIZE) {
      sample.add(position + ": " + reason);
    }
    if (deadLetters != null) {
      deadLetters.add(position, reason, raw);
    }
  }

  /**
   * Checks the share of bad rows once every row is read.
   *
   * @throws BadInputException when there are too many
   */
  synchronized void checkShare(long goodRows) {
    long read = goodRows + count;
    if (limit.exceededBy(count, read)) {
      throw new BadInputException(
          sample.isEmpty() ? "the inputs" : sample.get(0).substring(0, sample.get(0).indexOf(": ")),
          String.format(
              "%,d of %,d rows are bad, more than the limit of %s; the load changes nothing",
              count, read, limit));
    }
  }

  synchronized long count() {
    return count;
  }

  synchronized List<String> sample() {
    return List.copyOf(sample);
  }
}
