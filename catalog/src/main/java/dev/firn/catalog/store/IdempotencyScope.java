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

  private IdempotencyScope(String catalog, String key) {
    this.catalog = catalog;
    this.key = key;
  }

  /** Opens a scope for the current thread until {@link #close()}. */
  public static IdempotencyScope open(String catalog, String key) {
    IdempotencyScope scope = new IdempotencyScope(catalog, key);
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

  @Override
  public void close() {
    CURRENT.remove();
  }
}
