package dev.firn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code firn whoami}, {@code firn principal}, {@code firn role}, {@code firn grant}, {@code firn
 * revoke}, {@code firn privileges} and {@code firn audit}: who may do what, over the management
 * port's {@code /access}.
 */
final class AccessCommands {
  private AccessCommands() {}

  /** {@code firn whoami}: the principal this command signs in as, its roles and grants. */
  @Command(
      name = "whoami",
      mixinStandardHelpOptions = true,
      description = "Shows the principal you sign in as, its roles and its grants.")
  static final class WhoAmI extends AccessCall {
    @Override
    JsonNode run(ManagementClient client) {
      return client.send("GET", "/access/whoami", null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(
          answer.path("principal").asText() + " (roles: " + names(answer.path("roles")) + ")");
      printGrants(answer.path("grants"), "  ", out);
    }
  }

  /** {@code firn principal}: create, list, rotate, disable and enable principals. */
  @Command(
      name = "principal",
      mixinStandardHelpOptions = true,
      description = "Creates, lists, rotates, disables and enables principals (admins only).",
      subcommands = {
        PrincipalCreate.class,
        PrincipalList.class,
        PrincipalAction.Rotate.class,
        PrincipalAction.Disable.class,
        PrincipalAction.Enable.class
      })
  static final class Principal extends CommandGroup {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a principal and prints its credential, once.")
  static final class PrincipalCreate extends AccessCall {
    @Parameters(paramLabel = "NAME", description = "Also its client id, e.g. etl")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", description = "A role it joins; repeatable.")
    List<String> roles = new ArrayList<>();

    @Override
    JsonNode run(ManagementClient client) {
      return client.send("POST", "/access/principals", Map.of("name", name, "roles", roles));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(
          "Created principal "
              + answer.path("principal").asText()
              + " (roles: "
              + names(answer.path("roles"))
              + ").");
      out.println("Its credential, shown this once: " + answer.path("credential").asText());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the principals.")
  static final class PrincipalList extends AccessCall {
    @Override
    JsonNode run(ManagementClient client) {
      return client.send("GET", "/access/principals", null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      for (JsonNode principal : answer.path("principals")) {
        out.println(
            principal.path("name").asText()
                + (principal.path("enabled").asBoolean() ? "" : "  DISABLED")
                + "  roles: "
                + names(principal.path("roles")));
      }
    }
  }

  /** {@code firn principal rotate|disable|enable NAME}. */
  abstract static class PrincipalAction extends AccessCall {
    @Parameters(paramLabel = "NAME")
    String name;

    abstract String action();

    @Override
    JsonNode run(ManagementClient client) {
      return client.send("POST", "/access/principals/" + segment(name) + "/" + action(), null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      if (answer.has("credential")) {
        out.println(
            "New credential of "
                + name
                + ", shown this once: "
                + answer.path("credential").asText());
      } else {
        out.println(
            "Principal " + name + (answer.path("enabled").asBoolean() ? " enabled" : " disabled"));
      }
    }

    @Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = "Gives a principal a new secret; the old one stops working.")
    static final class Rotate extends PrincipalAction {
      @Override
      String action() {
        return "rotate";
      }
    }

    @Command(
        name = "disable",
        mixinStandardHelpOptions = true,
        description = "Stops a principal signing in; its tokens stop working.")
    static final class Disable extends PrincipalAction {
      @Override
      String action() {
        return "disable";
      }
    }

    @Command(
        name = "enable",
        mixinStandardHelpOptions = true,
        description = "Lets a disabled principal sign in again.")
    static final class Enable extends PrincipalAction {
      @Override
      String action() {
        return "enable";
      }
    }
  }

  /** {@code firn role}: create and list roles, add and remove members. */
  @Command(
      name = "role",
      mixinStandardHelpOptions = true,
      description = "Creates and lists roles, and adds and removes their members (admins only).",
      subcommands = {RoleCreate.class, RoleList.class, RoleAdd.class, RoleRemove.class})
  static final class Role extends CommandGroup {}

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a role.")
  static final class RoleCreate extends AccessCall {
    @Parameters(paramLabel = "ROLE")
    String role;

    @Override
    JsonNode run(ManagementClient client) {
      return client.send("POST", "/access/roles", Map.of("name", role));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println("Created role " + role);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the roles with their members and grants.")
  static final class RoleList extends AccessCall {
    @Override
    JsonNode run(ManagementClient client) {
      return client.send("GET", "/access/roles", null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      for (JsonNode role : answer.path("roles")) {
        out.println(role.path("name").asText() + "  members: " + names(role.path("members")));
        printGrants(role.path("grants"), "  ", out);
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Puts a principal in a role.")
  static final class RoleAdd extends AccessCall {
    @Parameters(index = "0", paramLabel = "ROLE")
    String role;

    @Parameters(index = "1", paramLabel = "PRINCIPAL")
    String principal;

    @Override
    JsonNode run(ManagementClient client) {
      return client.send(
          "POST", "/access/roles/" + segment(role) + "/members", Map.of("principal", principal));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println("Added " + principal + " to role " + role);
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Takes a principal out of a role.")
  static final class RoleRemove extends AccessCall {
    @Parameters(index = "0", paramLabel = "ROLE")
    String role;

    @Parameters(index = "1", paramLabel = "PRINCIPAL")
    String principal;

    @Override
    JsonNode run(ManagementClient client) {
      return client.send(
          "DELETE", "/access/roles/" + segment(role) + "/members/" + segment(principal), null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println("Removed " + principal + " from role " + role);
    }
  }

  /** {@code firn grant} and {@code firn revoke}: a role's privilege on a securable. */
  abstract static class GrantCall extends AccessCall {
    @Parameters(index = "0", paramLabel = "ROLE")
    String role;

    @Parameters(
        index = "1",
        paramLabel = "PRIVILEGE",
        description = "read, write, alter, create, drop, maintain or admin")
    String privilege;

    @Parameters(
        index = "2..*",
        arity = "1..2",
        paramLabel = "ON",
        description = "catalog, namespace NS, table NS.NAME or view NS.NAME")
    List<String> on = new ArrayList<>();

    Map<String, String> body() {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("role", role);
      body.put("privilege", privilege);
      body.put("on", String.join(" ", on));
      return body;
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Grants a role a privilege on the catalog, a namespace, a table or a view.")
  static final class Grant extends GrantCall {
    @Override
    JsonNode run(ManagementClient client) {
      return client.send("POST", "/access/grants", body());
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(
          "Granted " + privilege + " on " + answer.path("on").asText() + " to role " + role);
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a privilege a role holds.")
  static final class Revoke extends GrantCall {
    @Override
    JsonNode run(ManagementClient client) {
      return client.send("DELETE", "/access/grants", body());
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println("Revoked " + privilege + " on " + String.join(" ", on) + " from role " + role);
    }
  }

  /** {@code firn privileges ON [--principal P]}: what a principal may do to a securable. */
  @Command(
      name = "privileges",
      mixinStandardHelpOptions = true,
      description = "Shows what a principal (you, by default) may do to a securable.")
  static final class Privileges extends AccessCall {
    @Parameters(
        arity = "1..2",
        paramLabel = "ON",
        description = "catalog, namespace NS, table NS.NAME or view NS.NAME")
    List<String> on = new ArrayList<>();

    @Option(names = "--principal", paramLabel = "NAME", description = "Another principal (admins).")
    String principal;

    @Override
    JsonNode run(ManagementClient client) {
      String path = "/access/privileges?on=" + query(String.join(" ", on));
      if (principal != null) {
        path += "&principal=" + query(principal);
      }
      return client.send("GET", path, null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(
          answer.path("principal").asText()
              + " on "
              + answer.path("on").asText()
              + ": "
              + names(answer.path("privileges")));
    }
  }

  /** {@code firn audit}: the newest entries of the audit trail. */
  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Shows the audit trail, newest first (admins only).")
  static final class Audit extends AccessCall {
    @Option(names = "--principal", paramLabel = "NAME", description = "Only this principal's.")
    String principal;

    @Option(names = "--table", paramLabel = "NS.NAME", description = "Only those about this table.")
    String table;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default 100).")
    Integer limit;

    @Override
    JsonNode run(ManagementClient client) {
      StringBuilder path = new StringBuilder("/access/audit?");
      if (principal != null) {
        path.append("principal=").append(query(principal)).append('&');
      }
      if (table != null) {
        path.append("target=").append(query("table " + table)).append('&');
      }
      if (limit != null) {
        path.append("limit=").append(limit);
      }
      return client.send("GET", path.toString(), null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      for (JsonNode entry : answer.path("entries")) {
        out.println(
            String.join(
                "  ",
                entry.path("at").asText(),
                entry.path("principal").asText(),
                entry.path("action").asText(),
                entry.path("target").asText(),
                entry.path("outcome").asText() + " " + entry.path("status").asInt(),
                entry.path("request-id").asText()));
      }
    }
  }

  private static String segment(String text) {
    return query(text).replace("+", "%20");
  }

  private static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
