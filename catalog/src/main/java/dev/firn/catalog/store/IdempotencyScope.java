package dev.firn.catalog.store;

/**
 * The {@code Idempotency-Key} of the request the current thread serves, if any. Every write
 * transaction run while a scope is open marks that key as applied in the same transaction, so a
 * retry can tell, with certainty, whether the first attempt took effect. Iceberg's catalog API sits
 * between the HTTP layer and the store, so the key travels with the thread rather than as an
 * argument.
 */
public final class IdempotencyScope implements AutoCloseable {
  private static final ThreadLocal<IdempotencyScope> CURRENT = new ThreadLocal<>();

  private final String catalog;
  private final String key;
  private final String owner;

  private IdempotencyScope(String catalog, String key, String owner) {
    this.catalog = catalog;
    this.key = key;
    this.owner = owner;
  }

  /**
   * Opens a scope for the current thread until {@link #close()}.
   *
   * @param owner the attempt that claimed the key: a write applies only while it still holds it
   */
  public static IdempotencyScope open(String catalog, String key, String owner) {
    IdempotencyScope scope = new IdempotencyScope(catalog, key, owner);
    CURRENT.set(scope);
    return scope;
  }

  static IdempotencyScope current() {
    return CURRENT.get();
  }

  String catalog() {
    return catalog;
  }

  String key() {
    return key;
  }

  String owner() {
    return owner;
  }

  @Override
  public void close() {
    CURRENT.remove();
  }
}
