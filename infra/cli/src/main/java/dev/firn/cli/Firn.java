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
    subcommands = {
      ServeCommand.class,
      IngestCommand.class,
      PublishCommand.class,
      PolicyCommand.class,
      NamespaceCommand.class,
      TableCommand.class,
      BranchCommand.class,
      MaintainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Firn implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine line = commandLine();
    int exit = line.execute(args);
    // picocli's writers flush on println only; a summary printed with print must not be lost.
    line.getOut().flush();
    line.getErr().flush();
    System.exit(exit);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Firn());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          int code = ExitCode.of(exception);
          if (code == ExitCode.INTERNAL) {
            throw exception;
          }
          line.getErr().println("firn: " + exception.getMessage());
          return code;
        });
    ExitCode.document(commandLine);
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
