package dev.firn.catalog.rest;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.RetryableValidationException;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

/**
 * Applies a request's metadata updates to the current metadata in memory, as Iceberg's handlers
 * will, before they commit anything. Iceberg's metadata builders refuse some requests with an
 * {@link IllegalStateException} or a {@link NullPointerException} (a default spec or sort order
 * that does not exist, a type the format version lacks, a create without a schema); here those are
 * the request's fault and get a 400 naming the problem, while the same exceptions anywhere else
 * stay server failures. It also refuses what the builders let through but a catalog must not keep:
 * a table whose UUID an update changes, a view version without SQL.
 *
 * <p>A request whose requirements fail on the current metadata is left to the commit, which answers
 * 409 (or rebases an append), as is a request on a table or view that does not exist.
 */
final class UpdateCheck {
  private UpdateCheck() {}

  /**
   * Checks a commit to a table.
   *
   * @param base the table's current metadata, or null when it does not exist
   */
  static void table(TableIdentifier id, TableMetadata base, UpdateTableRequest request) {
    List<UpdateRequirement> requirements = request.requirements();
    boolean create =
        requirements.stream().anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
    if (create != (base == null)
        || (create && requirements.size() > 1)
        || !holds(requirements, base)) {
      return;
    }
    if (create
        && request.updates().stream().noneMatch(MetadataUpdate.AddSchema.class::isInstance)) {
      throw new BadRequestException("Invalid creation of table %s: no add-schema update", id);
    }
    TableMetadata.Builder builder = create ? emptyBuilder(request) : TableMetadata.buildFrom(base);
    TableMetadata updated =
        apply(
            "table " + id,
            () -> {
              request.updates().forEach(update -> update.applyTo(builder));
              return builder.build();
            });
    if (updated != null && base != null && !Objects.equals(base.uuid(), updated.uuid())) {
      throw new BadRequestException(
          "Invalid update of table %s: cannot change its UUID %s to %s",
          id, base.uuid(), updated.uuid());
    }
  }

  /**
   * Checks a commit to a view.
   *
   * @param base the view's current metadata, or null when it does not exist
   */
  static void view(TableIdentifier id, ViewMetadata base, UpdateTableRequest request) {
    for (MetadataUpdate update : request.updates()) {
      if (update instanceof MetadataUpdate.AddViewVersion added) {
        checkVersion(id, added.viewVersion());
      }
    }
    if (base == null || !holds(request.requirements(), base)) {
      return;
    }
    ViewMetadata.Builder builder = ViewMetadata.buildFrom(base);
    apply(
        "view " + id,
        () -> {
          request.updates().forEach(update -> update.applyTo(builder));
          return builder.build();
        });
  }

  /** Checks the first version of a new view. */
  static void newView(TableIdentifier id, CreateViewRequest request) {
    checkVersion(id, request.viewVersion());
  }

  private static void checkVersion(TableIdentifier id, ViewVersion version) {
    if (version.representations().isEmpty()) {
      throw new BadRequestException(
          "Invalid view version %s of %s: it has no representations (a view needs its SQL)",
          version.versionId(), id);
    }
    for (ViewRepresentation representation : version.representations()) {
      if (!(representation instanceof SQLViewRepresentation)) {
        throw new BadRequestException(
            "Invalid view version %s of %s: unsupported representation type %s (must be sql)",
            version.versionId(), id, representation.type());
      }
    }
  }

  private static boolean holds(List<UpdateRequirement> requirements, TableMetadata base) {
    try {
      requirements.forEach(requirement -> requirement.validate(base));
      return true;
    } catch (CommitFailedException e) {
      return false;
    }
  }

  private static boolean holds(List<UpdateRequirement> requirements, ViewMetadata base) {
    try {
      requirements.forEach(requirement -> requirement.validate(base));
      return true;
    } catch (CommitFailedException e) {
      return false;
    }
  }

  /** The builder Iceberg starts a table's creation from. */
  private static TableMetadata.Builder emptyBuilder(UpdateTableRequest request) {
    return request.updates().stream()
        .filter(MetadataUpdate.UpgradeFormatVersion.class::isInstance)
        .map(update -> ((MetadataUpdate.UpgradeFormatVersion) update).formatVersion())
        .findFirst()
        .map(TableMetadata::buildFromEmpty)
        .orElseGet(TableMetadata::buildFromEmpty);
  }

  /** The built metadata, or null when the commit is left to answer for it. */
  private static <T> T apply(String target, Supplier<T> build) {
    try {
      return build.get();
    } catch (RetryableValidationException e) {
      // Stale values in the request: the commit tells the client to refresh and retry.
      return null;
    } catch (IllegalStateException e) {
      throw new BadRequestException("Invalid metadata update of %s: %s", target, e.getMessage());
    } catch (NullPointerException e) {
      // The builders reach for what the updates failed to provide.
      throw new BadRequestException(
          "Invalid metadata update of %s: it leaves the metadata incomplete (%s)",
          target, e.getMessage());
    }
  }
}
