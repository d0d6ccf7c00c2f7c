package dev.firn.catalog.rest;

import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.TablePage;
import dev.firn.catalog.store.TableStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.responses.ListTablesResponse;

/**
 * Table and view listings, paged in the database by name: a page token is the last name of the
 * previous page, so a page costs the same however deep into a large namespace it is.
 */
final class TablePaging {
  /** Largest page served; a client asking for more gets this many and a next-page token. */
  static final int MAX_PAGE_SIZE = 1000;

  private final TableStore tables;

  TablePaging(TableStore tables) {
    this.tables = tables;
  }

  ListTablesResponse tables(Namespace namespace, Map<String, String> query) {
    return list(namespace, ObjectKind.TABLE, query);
  }

  ListTablesResponse views(Namespace namespace, Map<String, String> query) {
    return list(namespace, ObjectKind.VIEW, query);
  }

  private ListTablesResponse list(Namespace namespace, ObjectKind kind, Map<String, String> query) {
    String pageSize = query.get("pageSize");
    int limit =
        pageSize == null ? Integer.MAX_VALUE : Math.min(checkPageSize(pageSize), MAX_PAGE_SIZE);
    String after = decodeToken(query.get("pageToken"));
    TablePage page = tables.page(namespace, kind, after, limit);
    return ListTablesResponse.builder()
        .addAll(page.identifiers())
        .nextPageToken(page.lastName() == null ? null : encodeToken(page.lastName()))
        .build();
  }

  static int checkPageSize(String pageSize) {
    int size;
    try {
      size = Integer.parseInt(pageSize);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid pageSize: " + pageSize + " (must be a number)");
    }
    if (size < 1) {
      throw new IllegalArgumentException("Invalid pageSize: " + pageSize + " (must be >= 1)");
    }
    return size;
  }

  private static String encodeToken(String lastName) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid pageToken: " + token, e);
    }
  }
}
