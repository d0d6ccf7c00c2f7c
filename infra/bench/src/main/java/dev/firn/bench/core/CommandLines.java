package dev.firn.bench.core;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads a harness's command line with picocli into an object of {@code @Option} fields, the same
 * way for every harness: a wrong command line fails with picocli's reason and the usage.
 */
public final class CommandLines {
  private CommandLines() {}

  /** {@code --help} anywhere on a command line: its message is the usage to print instead. */
  static final class HelpAsked extends RuntimeException {
    HelpAsked(String usage) {
      super(usage);
    }
  }

  /**
   * Fills {@code options} from {@code args}; throws IllegalArgumentException when they are wrong,
   * and {@link HelpAsked} when they ask for {@code --help}.
   */
  public static <T> T parse(T options, String... args) {
    CommandLine line = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
    if (List.of(args).contains("--help")) {
      throw new HelpAsked(line.getUsageMessage());
    }
    try {
      line.parseArgs(args);
      return options;
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + "\n" + line.getUsageMessage(), e);
    }
  }
}
