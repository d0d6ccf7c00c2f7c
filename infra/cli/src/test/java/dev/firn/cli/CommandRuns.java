package dev.firn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine;

/** Client commands run in-process against {@code firn serve}'s embedded stack, as tests need. */
final class CommandRuns {
  private CommandRuns() {}

  /** What a command printed and how it exited. */
  record Run(int exit, String out, String err) {}

  /** {@code firn serve} on embedded defaults in a folder, on free ports, without health port. */
  static ServeStack startEmbedded(Path dataDir) {
    return ServeStack.start(
        ServeConfig.from(
            Settings.load(
                null,
                Map.of(),
                Map.of(
                    ServeConfig.DATA_DIR, dataDir.toString(),
                    ServeConfig.CATALOG_PORT, "0",
                    ServeConfig.MANAGEMENT_PORT, "-1",
                    ServeConfig.StorageConfig.EMBEDDED_PORT, "0"))));
  }

  /** A client signed in as root, with the credential the stack keeps in its data folder. */
  static RESTCatalog client(ServeStack stack) {
    String uri = stack.catalog().uri().toString();
    RESTCatalog client = new RESTCatalog();
    client.initialize(
        "firn",
        Map.of(
            "uri",
            uri,
            "credential",
            rootCredential(stack),
            "oauth2-server-uri",
            uri + "/v1/oauth/tokens"));
    return client;
  }

  /** The root credential {@code firn serve} wrote to the stack's data folder. */
  static String rootCredential(ServeStack stack) {
    return ServeStack.rootCredential(stack.config().dataDirectory())
        .orElseThrow(() -> new IllegalStateException("No root credential in the data folder"))
        .value();
  }

  /**
   * Runs {@code firn ARGS --catalog-uri <the stack's> --credential <its root>} and collects its
   * output.
   */
  static Run firn(ServeStack stack, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--catalog-uri", stack.catalog().uri().toString()));
    all.addAll(List.of("--credential", rootCredential(stack)));
    return firn(Firn.commandLine(), all.toArray(String[]::new));
  }

  /** Runs {@code firn ARGS} as given and collects its output. */
  static Run firn(CommandLine line, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
