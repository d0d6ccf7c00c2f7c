package dev.firn.bench.core;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads a harness's command line with picocli into an object of {@code @Option} fields, the same
 * way for every harness: a wrong command line fails with picocli's reason and the usage.
 */
public final class CommandLines {
  private CommandLines() {}

  /**
   * Fills {@code options} from {@code args}; throws IllegalArgumentException when they are wrong.
   */
  public static <T> T parse(T options, String... args) {
    CommandLine line = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
    try {
      line.parseArgs(args);
      return options;
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + "\n" + line.getUsageMessage(), e);
    }
  }

  /** The usage of a command-line object, as {@code --help} prints it. */
  static String usage(Object options) {
    return new CommandLine(options).getUsageMessage();
  }
}
