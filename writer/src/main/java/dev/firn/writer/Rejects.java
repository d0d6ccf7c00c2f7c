package dev.firn.writer;

import dev.firn.writer.input.BadInputException;
import java.util.ArrayList;
import java.util.List;

/** Rows a load could not take, handled per its bad-row policy. */
final class Rejects {
  static final int SAMPLE_SIZE = 5;

  private final BadRowPolicy policy;
  private final DeadLetters deadLetters;
  private final List<String> sample = new ArrayList<>();
  private long count;

  Rejects(BadRowPolicy policy, DeadLetters deadLetters) {
    this.policy = policy;
    this.deadLetters = deadLetters;
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
    if (sample.size() < SAMPLE_SIZE) {
      sample.add(position + ": " + reason);
    }
    if (deadLetters != null) {
      deadLetters.add(position, reason, raw);
    }
  }

  synchronized long count() {
    return count;
  }

  synchronized List<String> sample() {
    return List.copyOf(sample);
  }
}
