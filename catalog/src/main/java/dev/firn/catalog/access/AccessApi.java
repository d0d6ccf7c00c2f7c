package dev.firn.catalog.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.catalog.store.AuditStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Principals, roles, grants and the audit trail on the management port, under {@code /access}.
 * {@code GET /whoami} answers every signed-in caller; {@code GET /privileges} answers a caller
 * about itself; everything else needs admin on the catalog.
 *
 * <pre>
 * GET    /whoami
 * GET    /principals                      POST /principals {"name", "roles": [...]}
 * POST   /principals/NAME/rotate          POST /principals/NAME/disable | /enable
 * GET    /roles                           POST /roles {"name"}
 * POST   /roles/ROLE/members {"principal"}   DELETE /roles/ROLE/members/PRINCIPAL
 * POST   /grants {"role", "privilege", "on"}  DELETE /grants (the same body)
 * GET    /privileges?principal=P&amp;on=table raw.sales.orders
 * GET    /audit?principal=P&amp;target=table raw.sales.orders&amp;limit=N
 * </pre>
 */
public final class AccessApi implements ManagementEndpoint {
  /** Where it is mounted on the management port. */
  public static final String PREFIX = "/access";

  static final int AUDIT_LIMIT_DEFAULT = 100;
  static final int AUDIT_LIMIT_MAX = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Authentication authentication;
  private final Privileges privileges;
  private final AuditStore audit;

  public AccessApi(Authentication authentication, Privileges privileges, AuditStore audit) {
    this.authentication = authentication;
    this.privileges = privileges;
    this.audit = audit;
  }

  @Override
  public Reply handle(
      Caller caller, String method, String path, Map<String, String> query, byte[] body) {
    Principal principal = caller.principal();
    String route = method + " " + path;
    if (route.equals("GET /whoami")) {
      return Reply.ok(whoami(principal));
    }
    if (route.equals("GET /privileges")) {
      String asked = query.getOrDefault("principal", principal.name());
      if (!asked.equals(principal.name())) {
        admin(principal);
      }
      Securable on = Securable.parse(required(query, "on"));
      return Reply.ok(
          Map.of(
              "principal",
              asked,
              "on",
              on.toString(),
              "privileges",
              privileges
                  .effective(asked.equals(principal.name()) ? principal : new Principal(asked), on)
                  .stream()
                  .map(Privilege::label)
                  .toList()));
    }
    admin(principal);
    String[] parts = path.split("/", -1);
    return switch (route) {
      case "GET /principals" -> Reply.ok(Map.of("principals", principals()));
      case "POST /principals" -> createPrincipal(json(body));
      case "GET /roles" -> Reply.ok(Map.of("roles", roles()));
      case "POST /roles" -> {
        privileges.createRole(text(json(body), "name"));
        yield new Reply(201, Map.of("role", text(json(body), "name")));
      }
      case "POST /grants" -> {
        Grant grant = grant(json(body));
        boolean added = privileges.grant(grant);
        yield new Reply(added ? 201 : 200, describe(grant));
      }
      case "DELETE /grants" -> {
        Grant grant = grant(json(body));
        if (!privileges.revoke(grant)) {
          yield Reply.error(
              404,
              "NoSuchGrantException",
              "Role "
                  + grant.role()
                  + " holds no "
                  + grant.privilege().label()
                  + " on "
                  + grant.on());
        }
        yield Reply.ok(Map.of("removed", true));
      }
      case "GET /audit" -> Reply.ok(Map.of("entries", audit(query)));
      default -> {
        if (parts.length == 4 && parts[1].equals("principals") && method.equals("POST")) {
          yield principalAction(parts[2], parts[3]);
        }
        if (parts.length == 4
            && parts[1].equals("roles")
            && parts[3].equals("members")
            && method.equals("POST")) {
          String member = text(json(body), "principal");
          privileges.addToRole(member, parts[2]);
          yield Reply.ok(Map.of("role", parts[2], "principal", member));
        }
        if (parts.length == 5
            && parts[1].equals("roles")
            && parts[3].equals("members")
            && method.equals("DELETE")) {
          if (!privileges.removeFromRole(parts[4], parts[2])) {
            yield Reply.error(
                404, "NoSuchMemberException", parts[4] + " is not in role " + parts[2]);
          }
          yield Reply.ok(Map.of("removed", true));
        }
        yield Reply.error(404, "NoSuchEndpointException", "No such endpoint: " + route);
      }
    };
  }

  private Map<String, Object> whoami(Principal principal) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("principal", principal.name());
    answer.put("roles", privileges.rolesOf(principal));
    answer.put("grants", privileges.grantsOf(principal).stream().map(this::describe).toList());
    return answer;
  }

  private Reply createPrincipal(JsonNode request) {
    String name = text(request, "name");
    List<String> roles = new ArrayList<>();
    request.path("roles").forEach(role -> roles.add(role.asText()));
    // Roles are checked first, so a principal is created with all of them or not at all.
    List<String> known = privileges.roles().stream().map(Privileges.RoleView::name).toList();
    for (String role : roles) {
      if (!known.contains(role)) {
        throw new org.apache.iceberg.exceptions.NotFoundException("No such role: %s", role);
      }
    }
    Credential credential = authentication.createPrincipal(name);
    roles.forEach(role -> privileges.addToRole(name, role));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("principal", name);
    answer.put("roles", roles);
    answer.put("credential", credential.value());
    return new Reply(201, answer);
  }

  private Reply principalAction(String name, String action) {
    return switch (action) {
      case "rotate" ->
          Reply.ok(Map.of("principal", name, "credential", authentication.rotate(name).value()));
      case "disable", "enable" -> {
        authentication.setEnabled(name, action.equals("enable"));
        yield Reply.ok(Map.of("principal", name, "enabled", action.equals("enable")));
      }
      default ->
          Reply.error(
              404,
              "NoSuchEndpointException",
              "No such endpoint: POST /principals/" + name + "/" + action);
    };
  }

  private List<Object> principals() {
    List<Object> listed = new ArrayList<>();
    for (var stored : authentication.principals()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", stored.name());
      one.put("enabled", stored.enabled());
      one.put("roles", privileges.rolesOf(new Principal(stored.name())));
      listed.add(one);
    }
    return listed;
  }

  private List<Object> roles() {
    List<Object> listed = new ArrayList<>();
    for (Privileges.RoleView role : privileges.roles()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", role.name());
      one.put("members", role.members());
      one.put("grants", role.grants().stream().map(this::describe).toList());
      listed.add(one);
    }
    return listed;
  }

  private List<Object> audit(Map<String, String> query) {
    int limit = AUDIT_LIMIT_DEFAULT;
    String given = query.get("limit");
    if (given != null) {
      try {
        limit = Integer.parseInt(given);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > AUDIT_LIMIT_MAX) {
        throw new IllegalArgumentException(
            "Invalid limit: " + given + " (must be 1.." + AUDIT_LIMIT_MAX + ")");
      }
    }
    List<Object> entries = new ArrayList<>();
    for (AuditStore.Entry entry :
        audit.entries(query.get("principal"), query.get("target"), limit)) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("id", entry.id());
      one.put("at", entry.at().toString());
      one.put("principal", entry.principal());
      one.put("action", entry.action());
      one.put("target", entry.target());
      one.put("outcome", entry.outcome());
      one.put("status", entry.status());
      one.put("request-id", entry.requestId());
      entries.add(one);
    }
    return entries;
  }

  private Map<String, Object> describe(Grant grant) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("role", grant.role());
    one.put("privilege", grant.privilege().label());
    one.put("on", grant.on().toString());
    return one;
  }

  private static Grant grant(JsonNode request) {
    return new Grant(
        text(request, "role"),
        Privilege.of(text(request, "privilege")),
        Securable.parse(text(request, "on")));
  }

  private void admin(Principal principal) {
    privileges.require(principal, Privilege.ADMIN, Securable.catalog());
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("Invalid request body: a JSON object is needed");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("Invalid request body: not JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode request, String field) {
    JsonNode value = request.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("Invalid request body: missing \"" + field + "\"");
    }
    return value.asText();
  }

  private static String required(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing query parameter: " + name);
    }
    return value;
  }
}
