package dev.firn.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario on both sides in turn, Firn then reference, so that drift on the machine (heat,
 * other load, a growing heap) reaches both alike: one warm-up each, whose results are dropped, then
 * the measured repetitions.
 */
final class Alternation {
  /** One repetition on one side; {@code index} 0 is the warm-up, then 1, 2, ... */
  interface Repetition<R> {
    R run(Side side, int index);
  }

  private Alternation() {}

  static <R> Map<Side, List<R>> run(int repetitions, Repetition<R> repetition) {
    Map<Side, List<R>> measured = new EnumMap<>(Side.class);
    for (Side side : Side.values()) {
      measured.put(side, new ArrayList<>());
    }
    for (int index = 0; index <= repetitions; index++) {
      for (Side side : Side.values()) {
        R result = repetition.run(side, index);
        if (index > 0) {
          measured.get(side).add(result);
        }
      }
    }
    return measured;
  }
}
