package dev.firn.writer;

/** The input's schema conflicts with the table's in a way a load may not change. */
public class IncompatibleSchemaException extends IllegalArgumentException {
  public IncompatibleSchemaException(String message) {
    super(message);
  }
}
