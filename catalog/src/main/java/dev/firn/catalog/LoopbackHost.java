package dev.firn.catalog;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether an interface to bind is reachable from this machine only: {@code localhost}, an address
 * of 127.0.0.0/8 or {@code ::1}. Other names count as reachable from elsewhere, without a lookup.
 */
public final class LoopbackHost {
  private LoopbackHost() {}

  public static boolean matches(String host) {
    String name = host.trim().toLowerCase(Locale.ROOT);
    if (name.equals("localhost")) {
      return true;
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    // Only literal addresses are parsed, which resolves nothing.
    if (!name.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
