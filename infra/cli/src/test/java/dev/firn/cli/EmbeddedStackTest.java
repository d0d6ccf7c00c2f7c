package dev.firn.cli;

import dev.firn.cli.CommandRuns.Run;
import java.nio.file.Path;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests of client commands against one {@code firn serve} embedded stack per test class. */
abstract class EmbeddedStackTest {
  @TempDir static Path dir;
  static ServeStack stack;
  static RESTCatalog client;

  @BeforeAll
  static void startStack() {
    stack = CommandRuns.startEmbedded(dir.resolve("firn"));
    client = CommandRuns.client(stack);
  }

  @AfterAll
  static void stopStack() throws Exception {
    client.close();
    stack.close();
  }

  /** Runs {@code firn ARGS --catalog-uri <the stack's>}. */
  static Run firn(String... args) {
    return CommandRuns.firn(stack, args);
  }
}
