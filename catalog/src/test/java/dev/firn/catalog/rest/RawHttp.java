package dev.firn.catalog.rest;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests Java's HTTP client refuses to send: any {@code Host}
 * header, a body without a content type, a declared length with no body.
 */
final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp() {}

  /** An answer: status, headers in lower case, and body. */
  record Reply(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    /** The Iceberg error body's {@code error} object. */
    JsonNode error() throws IOException {
      return json().path("error");
    }
  }

  /**
   * Sends one request on a new connection to 127.0.0.1.
   *
   * @param headers request headers; {@code Host} defaults to {@code 127.0.0.1:<port>}, and a body
   *     gets its {@code Content-Length} unless one or {@code Transfer-Encoding} is given
   */
  static Reply send(int port, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    return send("127.0.0.1", port, method, path, headers, body);
  }

  static Reply send(
      String address,
      int port,
      String method,
      String path,
      Map<String, String> headers,
      String body)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", "127.0.0.1:" + port);
    all.putAll(headers);
    byte[] content = body == null ? new byte[0] : body.getBytes(UTF_8);
    if (body != null && !all.containsKey("Transfer-Encoding")) {
      all.putIfAbsent("Content-Length", String.valueOf(content.length));
    }
    all.put("Connection", "close");
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    try (Socket socket = new Socket(address, port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Reply parse(byte[] raw) throws IOException {
    String text = new String(raw, ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, split).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Reply(status, headers, new String(body, UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(chunked, at);
      String sizeText = new String(chunked, at, lineEnd - at, ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("Malformed chunked body");
  }
}
