package dev.firn.cli;

/** The catalog could not be reached, or did not answer like an Iceberg REST catalog. */
final class CatalogUnreachableException extends RuntimeException {
  CatalogUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
