package dev.firn.catalog.rest;

import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.TablePage;
import dev.firn.catalog.store.TableStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.responses.ListTablesResponse;

/**
 * Table and view listings, paged in the database by name: a page token is the last name of the
 * previous page, so a page costs the same however deep into a large namespace it is. A listing
 * shows only the names its caller may see, and pages over those: a page is filled from as many
 * database pages as it takes, and its token is the last name shown, never one the caller may not
 * see.
 */
final class TablePaging {
  /** Largest page served; a client asking for more gets this many and a next-page token. */
  static final int MAX_PAGE_SIZE = 1000;

  private final TableStore tables;

  TablePaging(TableStore tables) {
    this.tables = tables;
  }

  ListTablesResponse list(
      Namespace namespace,
      ObjectKind kind,
      Map<String, String> query,
      Predicate<TableIdentifier> visible) {
    String pageSize = query.get("pageSize");
    int limit =
        pageSize == null ? Integer.MAX_VALUE : Math.min(checkPageSize(pageSize), MAX_PAGE_SIZE);
    String after = decodeToken(query.get("pageToken"));
    List<TableIdentifier> shown = new ArrayList<>();
    boolean more;
    while (true) {
      TablePage page = tables.page(namespace, kind, after, limit);
      Iterator<TableIdentifier> names = page.identifiers().iterator();
      while (names.hasNext() && shown.size() < limit) {
        TableIdentifier name = names.next();
        if (visible.test(name)) {
          shown.add(name);
        }
      }
      if (shown.size() == limit) {
        more = names.hasNext() || page.lastName() != null;
        break;
      }
      if (page.lastName() == null) {
        more = false;
        break;
      }
      after = page.lastName();
    }
    return ListTablesResponse.builder()
        .addAll(shown)
        .nextPageToken(more ? encodeToken(shown.get(shown.size() - 1).name()) : null)
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
