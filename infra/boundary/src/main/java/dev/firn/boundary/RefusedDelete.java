package dev.firn.boundary;

/**
 * A delete a fence refused.
 *
 * @param path the path that stays
 * @param reason why it does not belong to the table
 */
public record RefusedDelete(String path, String reason) {
  @Override
  public String toString() {
    return path + " (" + reason + ")";
  }
}
