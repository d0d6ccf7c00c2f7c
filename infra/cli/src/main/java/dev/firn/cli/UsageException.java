package dev.firn.cli;

/**
 * A mistake in how {@code firn} was called: an option, an argument or a setting it cannot use. The
 * command prints its message alone, in one line, and ends with {@link ExitCode#USAGE}. It is an
 * {@link IllegalArgumentException}, so code that validates settings for other callers can throw it
 * too.
 */
final class UsageException extends IllegalArgumentException {
  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
