package dev.firn.bench.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario on each side in turn, Firn then reference, so that drift on the machine (heat,
 * other load, a growing heap) reaches all sides alike: one warm-up each, whose results are dropped,
 * then the measured repetitions.
 */
public final class Alternation {
  /** The sides of scenarios that only compare Firn on SQLite with the reference. */
  public static final List<Side> FIRN_AND_REFERENCE = List.of(Side.FIRN, Side.REFERENCE);

  /** One repetition on one side; {@code index} 0 is the warm-up, then 1, 2, ... */
  public interface Repetition<R> {
    R run(Side side, int index);
  }

  private Alternation() {}

  public static <R> Map<Side, List<R>> run(int repetitions, Repetition<R> repetition) {
    return run(FIRN_AND_REFERENCE, repetitions, repetition);
  }

  public static <R> Map<Side, List<R>> run(
      List<Side> sides, int repetitions, Repetition<R> repetition) {
    Map<Side, List<R>> measured = new EnumMap<>(Side.class);
    for (Side side : sides) {
      measured.put(side, new ArrayList<>());
    }
    for (int index = 0; index <= repetitions; index++) {
      for (Side side : sides) {
        R result = repetition.run(side, index);
        if (index > 0) {
          measured.get(side).add(result);
        }
      }
    }
    return measured;
  }
}
