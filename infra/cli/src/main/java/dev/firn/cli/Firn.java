package dev.firn.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
      BackupCommand.class,
      RecoverCommand.class,
      AccessCommands.WhoAmI.class,
      AccessCommands.Principal.class,
      AccessCommands.Role.class,
      AccessCommands.Grant.class,
      AccessCommands.Revoke.class,
      AccessCommands.Privileges.class,
      AccessCommands.Audit.class,
      CommandLine.HelpCommand.class
    })
public final class Firn implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Firn.class);
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    quietUnlessServing(args, System.getenv());
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
          if (wantsJson(parseResult)) {
            JsonResult.print(line.getOut(), JsonResult.failed(code, exception.getMessage()));
          }
          if (code == ExitCode.INTERNAL) {
            throw exception;
          }
          line.getErr().println("firn: " + exception.getMessage());
          if (!(exception instanceof UsageException)) {
            // Refused by a library (Iceberg, the writer, a policy): where it came from helps when
            // the message alone does not.
            LOG.debug("Failure behind the message above", exception);
          }
          return code;
        });
    ExitCode.document(commandLine);
    return commandLine;
  }

  private static boolean wantsJson(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult at = parsed; at != null; at = at.subcommand()) {
      if (at.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Client commands keep INFO lines off the terminal (their summary says it all); {@code
   * FIRN_LOG_LEVEL} sets another level. {@code firn serve} logs at INFO.
   */
  static void quietUnlessServing(String[] args, java.util.Map<String, String> environment) {
    String level = environment.get("FIRN_LOG_LEVEL");
    boolean serving = args.length > 0 && args[0].equals("serve");
    if (level == null && serving) {
      return;
    }
    ch.qos.logback.classic.Level chosen =
        ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.WARN);
    for (String name : new String[] {org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.firn"}) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(chosen);
      }
    }
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
