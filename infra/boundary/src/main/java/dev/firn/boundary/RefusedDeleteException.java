package dev.firn.boundary;

/**
 * A delete that a {@link FencedFileIO} refused because the path does not belong to the table. The
 * object was not deleted.
 */
public final class RefusedDeleteException extends RuntimeException {
  private final String path;

  RefusedDeleteException(String path, String reason) {
    super("Refused to delete " + path + ": " + reason, null, false, false);
    this.path = path;
  }

  /** The path that was not deleted. */
  public String path() {
    return path;
  }
}
