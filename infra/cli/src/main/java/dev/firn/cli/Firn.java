package dev.firn.cli;

import dev.firn.writer.input.BadInputException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
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
          if (isUserError(exception)) {
            line.getErr().println("firn: " + exception.getMessage());
            return 2;
          }
          throw exception;
        });
    return commandLine;
  }

  /** Failures the user can fix from the message alone: no stack trace. */
  static boolean isUserError(Exception exception) {
    return exception instanceof IllegalArgumentException
        || exception instanceof IllegalStateException
        || exception instanceof BadInputException
        || exception instanceof ValidationException
        || exception instanceof NoSuchTableException
        || exception instanceof NoSuchNamespaceException
        || exception instanceof CommitFailedException;
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
