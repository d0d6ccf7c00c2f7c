package dev.firn.cli;

import dev.firn.writer.IncompatibleSchemaException;
import dev.firn.writer.input.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import picocli.CommandLine;

/** What each of {@code firn}'s exit codes means, and which failure ends with which. */
final class ExitCode {
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int USAGE = 2;
  static final int REJECTED_INPUT = 3;
  static final int CATALOG = 4;
  static final int OUTCOME_UNKNOWN = 5;

  private ExitCode() {}

  /** The list {@code --help} shows. */
  static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "Done.");
    codes.put(
        "1", "Internal error: a bug (the stack trace is printed), or a failed maintenance job.");
    codes.put("2", "Usage: an unknown option, a missing or invalid argument.");
    codes.put("3", "Rejected input: bad rows, a schema the table refuses, failed checks.");
    codes.put("4", "The catalog is unreachable or refused the request, or another commit won.");
    codes.put("5", "Outcome unknown: run the same command again; it finds what landed.");
    return codes;
  }

  /** The exit code a failure ends a command with. */
  static int of(Throwable error) {
    if (error instanceof CommitStateUnknownException) {
      return OUTCOME_UNKNOWN;
    }
    if (error instanceof BadInputException || error instanceof IncompatibleSchemaException) {
      return REJECTED_INPUT;
    }
    if (error instanceof CatalogUnreachableException
        || error instanceof NoSuchTableException
        || error instanceof NoSuchNamespaceException
        || error instanceof NoSuchViewException
        || error instanceof AlreadyExistsException
        || error instanceof NamespaceNotEmptyException
        || error instanceof CommitFailedException
        || error instanceof ValidationException
        || error instanceof BadRequestException
        || error instanceof ForbiddenException
        || error instanceof NotAuthorizedException
        || error instanceof ServiceFailureException
        || error instanceof ServiceUnavailableException
        || error instanceof RESTException) {
      return CATALOG;
    }
    // A mistake the command itself finds is a UsageException; an IllegalArgumentException from a
    // library names an argument the user passed on (an expression, a policy value, a name).
    if (error instanceof UsageException
        || error instanceof IllegalArgumentException
        || error instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return INTERNAL;
  }

  /** Shows the codes in the help of every command. */
  static void document(CommandLine line) {
    line.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(descriptions());
    line.getSubcommands().values().forEach(ExitCode::document);
  }
}
