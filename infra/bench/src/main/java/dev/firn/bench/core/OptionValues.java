package dev.firn.bench.core;

/**
 * The value after a command-line option, read the same way by every harness: a missing or malformed
 * value fails with the option's name and the harness's usage.
 */
public final class OptionValues {
  private OptionValues() {}

  /** The value at {@code index}, which follows its option at {@code index - 1}. */
  public static String text(String[] args, int index, String usage) {
    if (index >= args.length) {
      throw new IllegalArgumentException("Missing value for " + args[index - 1] + "\n" + usage);
    }
    return args[index];
  }

  /** The whole number at {@code index}, which follows its option at {@code index - 1}. */
  public static int whole(String[] args, int index, String usage) {
    String value = text(args, index, usage);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid value for " + args[index - 1] + ": " + value + "\n" + usage);
    }
  }
}
