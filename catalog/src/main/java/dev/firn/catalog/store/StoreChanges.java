package dev.firn.catalog.store;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Told of every name whose row may have changed: a table or view created, committed, renamed or
 * dropped, a namespace created, dropped or given new properties. Called after the change, also when
 * its outcome is open, so a listener reads the database for what holds now.
 */
public interface StoreChanges {
  /** Tells no one. */
  StoreChanges NONE =
      new StoreChanges() {
        @Override
        public void objectChanged(TableIdentifier id) {}

        @Override
        public void namespaceChanged(Namespace namespace) {}
      };

  void objectChanged(TableIdentifier id);

  void namespaceChanged(Namespace namespace);
}
