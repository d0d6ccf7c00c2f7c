package dev.firn.catalog.store;

/**
 * Whether the process that took a piece of work is still alive to finish it: this process's own
 * instance id, and a check of any other's.
 */
public interface Liveness {
  /** This process's instance id: 12 letters and digits. */
  String instanceId();

  /**
   * Whether the instance is alive (this one always is), read on {@code connection}: the caller's
   * own, so that a check made while it holds a row lock needs no second connection from the pool.
   */
  boolean alive(java.sql.Connection connection, String instanceId) throws java.sql.SQLException;

  /** One process that lives as long as it runs and knows no other: for a single node. */
  static Liveness single(String instanceId) {
    return new Liveness() {
      @Override
      public String instanceId() {
        return instanceId;
      }

      @Override
      public boolean alive(java.sql.Connection connection, String other) {
        return other.equals(instanceId);
      }
    };
  }
}
