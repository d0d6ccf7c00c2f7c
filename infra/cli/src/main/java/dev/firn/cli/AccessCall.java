package dev.firn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that asks Firn's management port about principals, roles, grants or the audit. */
abstract class AccessCall implements Callable<Integer> {
  @Mixin CatalogOptions catalog;

  @Option(
      names = "--management-uri",
      paramLabel = "URI",
      description =
          "Firn's management port (default: $FIRN_MANAGEMENT_URI, else the host and port firn"
              + " serve reads, else http://127.0.0.1:8190).")
  String managementUri;

  @Option(names = "--json", description = "Print the answer as JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public final Integer call() {
    ManagementClient client = ManagementClient.connect(catalog, managementUri, System.getenv());
    JsonNode answer = run(client);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(answer.toPrettyString());
    } else {
      print(answer, out);
    }
    return ExitCode.OK;
  }

  /** Sends the command's request and returns the answer. */
  abstract JsonNode run(ManagementClient client);

  /** Prints the answer for people. */
  abstract void print(JsonNode answer, PrintWriter out);

  /** The grants of an answer, one line each: {@code read on namespace raw (role ingest)}. */
  static void printGrants(JsonNode grants, String indent, PrintWriter out) {
    for (JsonNode grant : grants) {
      out.println(
          indent
              + grant.path("privilege").asText()
              + " on "
              + grant.path("on").asText()
              + " (role "
              + grant.path("role").asText()
              + ")");
    }
  }

  /** Names of a JSON array of strings, joined: {@code admin, ingest}, or {@code none}. */
  static String names(JsonNode array) {
    StringBuilder joined = new StringBuilder();
    for (JsonNode name : array) {
      joined.append(joined.length() == 0 ? "" : ", ").append(name.asText());
    }
    return joined.length() == 0 ? "none" : joined.toString();
  }
}
