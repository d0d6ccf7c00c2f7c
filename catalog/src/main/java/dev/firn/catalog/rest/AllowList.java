package dev.firn.catalog.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who may address Firn's HTTP servers besides local programs: the host names that clients may put
 * in the {@code Host} header, and the web origins whose pages may call the servers. Loopback names
 * and the address a server binds are always accepted; see {@link RequestGuard}.
 *
 * @param hosts further host names or addresses accepted in the {@code Host} header, without port;
 *     {@value #ANY_HOST} accepts any
 * @param origins origins ({@code scheme://host[:port]}) whose requests are served and answered with
 *     CORS headers; a request from any other origin gets 403
 */
public record AllowList(List<String> hosts, List<String> origins) {
  /** The entry of {@link #hosts} that accepts any host. */
  public static final String ANY_HOST = "*";

  /** Loopback names only: the default. */
  public static final AllowList LOOPBACK = new AllowList(List.of(), List.of());

  public AllowList {
    hosts = hosts.stream().map(AllowList::checkHost).toList();
    origins = origins.stream().map(AllowList::checkOrigin).toList();
  }

  /** Whether {@link #hosts} accepts any host. */
  public boolean anyHost() {
    return hosts.contains(ANY_HOST);
  }

  /**
   * A host as compared: lower case, without the brackets of an IPv6 literal, and IPv6 literals in
   * one spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same host).
   *
   * @return the normal form, or null when {@code host} is not a well-formed host
   */
  static String normalHost(String host) {
    String name = host.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      return null;
    }
    if (name.indexOf(':') >= 0) {
      // Only IPv6 literals hold a colon; InetAddress parses those without a name lookup.
      try {
        return InetAddress.getByName("[" + name + "]").getHostAddress();
      } catch (UnknownHostException | RuntimeException e) {
        return null;
      }
    }
    return name.matches("[a-z0-9_.-]+") ? name : null;
  }

  private static String checkHost(String entry) {
    if (ANY_HOST.equals(entry.trim())) {
      return ANY_HOST;
    }
    String host = normalHost(entry);
    if (host == null) {
      throw new IllegalArgumentException(
          "Invalid catalog.allowed-hosts entry: "
              + entry
              + " (a host name or address without port, or "
              + ANY_HOST
              + " for any)");
    }
    return host;
  }

  private static String checkOrigin(String entry) {
    String origin = entry.trim().toLowerCase(Locale.ROOT);
    if (origin.endsWith("/")) {
      origin = origin.substring(0, origin.length() - 1);
    }
    if (!origin.matches("[a-z][a-z0-9+.-]*://[^/?#\\s@]+")) {
      throw new IllegalArgumentException(
          "Invalid catalog.allowed-origins entry: "
              + entry
              + " (must be scheme://host[:port], no path)");
    }
    return origin;
  }

  /** Splits a comma-separated list of entries, dropping blanks. */
  public static List<String> split(String text) {
    List<String> entries = new ArrayList<>();
    if (text != null) {
      for (String entry : text.split(",")) {
        if (!entry.isBlank()) {
          entries.add(entry.trim());
        }
      }
    }
    return List.copyOf(entries);
  }
}
