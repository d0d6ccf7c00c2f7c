package dev.firn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code firn} command. */
@Command(
    name = "firn",
    mixinStandardHelpOptions = true,
    versionProvider = Firn.Version.class,
    description =
        "Firn manages Apache Iceberg tables on S3-compatible storage: a REST catalog, zones, and more.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Firn implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Firn());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          if (exception instanceof IllegalArgumentException
              || exception instanceof IllegalStateException) {
            line.getErr().println("firn: " + exception.getMessage());
            return 2;
          }
          throw exception;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Firn.class.getPackage().getImplementationVersion();
      return new String[] {"firn " + (version == null ? "development build" : version)};
    }
  }
}
