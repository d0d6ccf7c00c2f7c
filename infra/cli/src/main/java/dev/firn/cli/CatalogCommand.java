package dev.firn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command that works on the catalog through one REST client it opens and closes. */
abstract class CatalogCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public final Integer call() {
    try (RESTCatalog client = catalog.connect(System.getenv())) {
      return run(client, spec.commandLine().getOut());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the catalog client: " + e.getMessage(), e);
    }
  }

  abstract int run(RESTCatalog client, PrintWriter out);
}
