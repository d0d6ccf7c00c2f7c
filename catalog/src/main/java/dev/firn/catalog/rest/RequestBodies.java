package dev.firn.catalog.rest;

import java.io.IOException;
import java.io.InputStream;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads request bodies up to a limit, for both of Firn's servers. */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * The request's body.
   *
   * @throws ErrorMapping.RequestTooLargeException when it declares or holds more than {@code limit}
   *     bytes; a declared length is refused before anything is read
   */
  static byte[] read(Request request, long limit) {
    if (request.getLength() > limit) {
      throw new ErrorMapping.RequestTooLargeException(limit);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw new ErrorMapping.RequestTooLargeException(limit);
      }
      return bytes;
    } catch (IOException e) {
      throw new BadRequestException("Cannot read request body: %s", e.getMessage());
    }
  }

  /**
   * Reads and drops what is left of a request's body, up to {@code limit}, before an answer that
   * did not need it (a refusal): the connection then stays usable for the client's next request,
   * rather than being closed under it while the body is still on its way.
   */
  static void drain(Request request, long limit) {
    if (request.getLength() == 0 || request.getLength() > limit) {
      return;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
    } catch (IOException | RuntimeException e) {
      // Nothing to keep: the answer goes out either way.
    }
  }
}
