package dev.firn.writer;

import java.util.Locale;

/** What a load does with a row it cannot read or convert. */
public enum BadRowPolicy {
  /** Stop the load, naming the file and line; nothing is committed. */
  FAIL,
  /** Leave the row out, counting it and keeping a sample for the summary. */
  SKIP,
  /** Leave the row out and write it, with the reason, to a dead-letter file or table. */
  DEAD_LETTER;

  public static BadRowPolicy named(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "fail" -> FAIL;
      case "skip" -> SKIP;
      case "dead-letter", "dead_letter", "deadletter" -> DEAD_LETTER;
      default ->
          throw new IllegalArgumentException(
              "Unknown bad-row policy: " + name + " (known: fail, skip, dead-letter)");
    };
  }
}
