package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps web pages out of Firn's servers, which listen on loopback by default and take requests
 * there without credentials. A page in a browser on the same machine must neither make Firn act on
 * a request it forged (cross-site request forgery) nor read answers through a host name it controls
 * that resolves to a loopback address (DNS rebinding). So before any route runs, a request must
 *
 * <ul>
 *   <li>name an allowed host in its {@code Host} header, port ignored (else 421): loopback names,
 *       the address the server binds (on a wildcard address, also the machine's name and interface
 *       addresses), and the {@link AllowList}'s hosts;
 *   <li>carry no {@code Origin} header, or one the allow list names (else 403);
 *   <li>send a body only as {@code application/json} (else 415), which a page can send elsewhere
 *       only after a CORS preflight that Firn answers for allowed origins alone. The token endpoint
 *       takes the form OAuth2 prescribes: a page that forges one learns nothing, since it cannot
 *       read the answer, and one without the client's secret gets no token.
 * </ul>
 *
 * Programs (Iceberg's clients, Spark, curl) send no {@code Origin} and address the server by the
 * name they connect to, so they pass.
 */
final class RequestGuard extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
  private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "0:0:0:0:0:0:0:0");
  private static final String PREFLIGHT_METHODS = "GET, HEAD, POST, DELETE";
  private static final String PREFLIGHT_HEADERS =
      "Content-Type, Authorization, Idempotency-Key, If-None-Match, X-Iceberg-Access-Delegation";

  private final boolean anyHost;
  private final Set<String> hosts;
  private final Set<String> origins;

  RequestGuard(AllowList allowList, String boundHost, Handler handler) {
    super(handler);
    this.anyHost = allowList.anyHost();
    this.hosts = allowList.anyHost() ? Set.of() : hosts(allowList.hosts(), boundHost);
    this.origins = Set.copyOf(allowList.origins());
    // A client that reaches Firn by another name gets 421: say which names pass.
    LOG.info(
        "Requests to {} must name one of these hosts: {}{}",
        boundHost,
        anyHost ? "any" : new TreeSet<>(hosts),
        origins.isEmpty()
            ? "; no Origin is allowed"
            : "; allowed origins " + new TreeSet<>(origins));
  }

  /** The hosts a server bound to {@code boundHost} accepts. */
  static Set<String> hosts(List<String> allowed, String boundHost) {
    Set<String> hosts = new HashSet<>(LOOPBACK_NAMES);
    hosts.addAll(allowed);
    String bound = boundHost == null ? "" : AllowList.normalHost(boundHost);
    if (bound != null && !WILDCARDS.contains(bound)) {
      hosts.add(bound);
    } else {
      hosts.addAll(machineNames());
    }
    return Collections.unmodifiableSet(hosts);
  }

  /** The names a server on every interface is reached by: the host name and every address. */
  private static Set<String> machineNames() {
    Set<String> names = new HashSet<>();
    try {
      names.add(AllowList.normalHost(InetAddress.getLocalHost().getHostName()));
    } catch (UnknownHostException e) {
      LOG.debug("No host name for this machine: {}", e.toString());
    }
    try {
      NetworkInterface.networkInterfaces()
          .flatMap(NetworkInterface::inetAddresses)
          .map(address -> AllowList.normalHost(withoutScope(address.getHostAddress())))
          .forEach(names::add);
    } catch (SocketException e) {
      LOG.warn("Cannot list this machine's network addresses: {}", e.toString());
    }
    names.remove(null);
    return names;
  }

  private static String withoutScope(String address) {
    int percent = address.indexOf('%');
    return percent < 0 ? address : address.substring(0, percent);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields headers = request.getHeaders();
    String origin = headers.get(HttpHeader.ORIGIN);
    RuntimeException refusal = refusal(request, headers, origin);
    if (refusal != null) {
      LOG.debug("Refused {} {}: {}", request.getMethod(), request.getHttpURI(), refusal.toString());
      return refuse(response, callback, ErrorMapping.toResponse(refusal));
    }
    if (origin != null) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.getHeaders().add(HttpHeader.VARY, "Origin");
      if ("OPTIONS".equals(request.getMethod())
          && headers.contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, PREFLIGHT_METHODS);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, PREFLIGHT_HEADERS);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        response.setStatus(204);
        callback.succeeded();
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  private RuntimeException refusal(Request request, HttpFields headers, String origin) {
    String host = host(request, headers);
    if (!anyHost && (host == null || !hosts.contains(host))) {
      return new ErrorMapping.MisdirectedRequestException(
          host == null ? String.valueOf(headers.get(HttpHeader.HOST)) : host);
    }
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      return new ForbiddenException(
          "Forbidden origin: %s (not in catalog.allowed-origins)", origin);
    }
    if (hasBody(headers)
        && !isJson(headers.get(HttpHeader.CONTENT_TYPE))
        && !isTokenRequest(request, headers.get(HttpHeader.CONTENT_TYPE))) {
      return new ErrorMapping.UnsupportedMediaTypeException(headers.get(HttpHeader.CONTENT_TYPE));
    }
    return null;
  }

  /**
   * The host the request names, normalized: from the {@code Host} header, or from an absolute
   * request target, which HTTP says takes precedence; null when missing, malformed, or when the two
   * disagree.
   */
  private static String host(Request request, HttpFields headers) {
    String header = headers.get(HttpHeader.HOST);
    String fromHeader = header == null ? null : AllowList.normalHost(withoutPort(header));
    String target = request.getHttpURI().getHost();
    String fromTarget = target == null || target.isEmpty() ? null : AllowList.normalHost(target);
    if (fromTarget == null) {
      return fromHeader;
    }
    return fromHeader == null || fromHeader.equals(fromTarget) ? fromTarget : null;
  }

  private static String withoutPort(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? "" : authority.substring(0, end + 1);
    }
    int colon = authority.indexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  private static boolean hasBody(HttpFields headers) {
    return headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0
        || headers.contains(HttpHeader.TRANSFER_ENCODING);
  }

  private static boolean isJson(String contentType) {
    return JSON.equals(mediaType(contentType));
  }

  private static boolean isTokenRequest(Request request, String contentType) {
    return TokenEndpoint.PATH.equals(request.getHttpURI().getPath())
        && FORM.equals(mediaType(contentType));
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean refuse(Response response, Callback callback, ErrorResponse error) {
    response.setStatus(error.code());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    try {
      response.write(true, ByteBuffer.wrap(RestJson.mapper().writeValueAsBytes(error)), callback);
    } catch (JsonProcessingException e) {
      callback.failed(e);
    }
    return true;
  }
}
