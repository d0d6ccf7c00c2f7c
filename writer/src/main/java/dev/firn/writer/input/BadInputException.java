package dev.firn.writer.input;

/**
 * An input that cannot be read at all, or a bad row under the {@code fail} policy: names the file
 * and the line, record or byte offset.
 */
public class BadInputException extends RuntimeException {
  private final String position;

  public BadInputException(String position, String message) {
    super(position + ": " + message);
    this.position = position;
  }

  public BadInputException(String position, String message, Throwable cause) {
    super(position + ": " + message, cause);
    this.position = position;
  }

  /** Where the problem is: file, and line, record or offset when known. */
  public String position() {
    return position;
  }
}
