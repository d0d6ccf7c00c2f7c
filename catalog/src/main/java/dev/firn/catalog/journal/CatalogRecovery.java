package dev.firn.catalog.journal;

import dev.firn.catalog.iceberg.FirnCatalog;
import dev.firn.catalog.journal.JournalRecords.NamespaceRecord;
import dev.firn.catalog.journal.JournalRecords.ObjectRecord;
import dev.firn.catalog.store.NamespaceStore;
import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.TableStore;
import dev.firn.catalog.store.TableStore.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;

/**
 * {@code firn recover}: rebuilds a lost catalog database from the warehouse. Namespaces and their
 * properties come from the journal; each table's and view's name from the journal, and its pointer
 * from the newest committed metadata file its history shows (see {@link MetadataChain}). When any
 * name's newest state is unclear, or the database already holds other tables, nothing is written
 * and the report says what to decide.
 */
public final class CatalogRecovery {
  /** What the database held that no file in the warehouse does. */
  public static final List<String> NOT_RECOVERED =
      List.of(
          "principals, roles and grants (the next start makes a new root credential)",
          "the token issuer's signing keys (new ones are made; tokens issued before are refused)",
          "idempotency keys of past requests",
          "maintenance run history and table leases",
          "the audit trail",
          "metrics reports",
          "node records",
          "locations tables were moved away from (deletes there are refused from now on)");

  private CatalogRecovery() {}

  /**
   * How to recover.
   *
   * @param dryRun only report what would be restored
   * @param chosen the metadata file to restore for names whose newest state is unclear
   * @param skipped names to leave out
   */
  public record Options(
      boolean dryRun, Map<TableIdentifier, String> chosen, Set<TableIdentifier> skipped) {}

  /** A table or view restored, or to be. */
  public record Restored(
      TableIdentifier id, ObjectKind kind, String metadataLocation, String how) {}

  /** A name not restored, and why. */
  public record Problem(TableIdentifier id, String reason, List<String> candidates) {}

  /** What recovery found and did. */
  public record Report(
      String warehouse,
      int objectRecords,
      List<Namespace> namespaces,
      List<Restored> restored,
      List<TableIdentifier> skipped,
      List<Problem> problems,
      List<String> unreadable,
      int abandonedAttempts,
      boolean applied) {

    /** Whether every name of the journal was restored or deliberately left out. */
    public boolean complete() {
      return problems.isEmpty() && unreadable.isEmpty();
    }

    public String render() {
      StringBuilder out = new StringBuilder();
      long views = restored.stream().filter(r -> r.kind() == ObjectKind.VIEW).count();
      out.append("Catalog journal of ")
          .append(warehouse)
          .append(": ")
          .append(objectRecords)
          .append(" tables and views.\n");
      out.append(applied ? "Restored " : problems.isEmpty() ? "Would restore " : "Could restore ")
          .append(namespaces.size())
          .append(" namespaces, ")
          .append(restored.size() - views)
          .append(" tables and ")
          .append(views)
          .append(" views:\n");
      for (Restored object : restored) {
        out.append("  ")
            .append(object.kind() == ObjectKind.VIEW ? "view  " : "table ")
            .append(object.id())
            .append(" -> ")
            .append(object.metadataLocation());
        if (object.how() != null) {
          out.append(" (").append(object.how()).append(')');
        }
        out.append('\n');
      }
      if (abandonedAttempts > 0) {
        out.append("Ignored ")
            .append(abandonedAttempts)
            .append(" metadata files of commit attempts that never applied.\n");
      }
      for (TableIdentifier id : skipped) {
        out.append("Left out, as asked: ").append(id).append('\n');
      }
      for (String record : unreadable) {
        out.append("Unreadable journal record: ").append(record).append('\n');
      }
      if (!problems.isEmpty()) {
        out.append("Not restored (")
            .append(problems.size())
            .append("): decide each, then run firn recover again.\n");
        for (Problem problem : problems) {
          out.append("  ").append(problem.id()).append(": ").append(problem.reason()).append('\n');
          for (String candidate : problem.candidates()) {
            out.append("      --choose ")
                .append(problem.id())
                .append('=')
                .append(candidate)
                .append('\n');
          }
          out.append("      or --skip ").append(problem.id()).append('\n');
        }
        if (!applied) {
          out.append("No table, view or namespace was restored.\n");
        }
      }
      out.append("Not kept in the warehouse, so not recovered: ")
          .append(String.join("; ", NOT_RECOVERED))
          .append(".\n");
      return out.toString();
    }
  }

  /**
   * Recovers into the catalog whose stores are given, which must hold no table or view other than
   * those a previous run of the same recovery restored.
   */
  public static Report run(
      FileIO io,
      String warehouse,
      FirnCatalog catalog,
      NamespaceStore namespaces,
      TableStore tables,
      Options options) {
    JournalRecords records = new JournalRecords(io, warehouse);
    JournalRecords.Read<ObjectRecord> objects = records.objects();
    JournalRecords.Read<NamespaceRecord> namespaceRecords = records.namespaces();
    List<String> unreadable = new ArrayList<>(objects.unreadable());
    unreadable.addAll(namespaceRecords.unreadable());

    List<Restored> restored = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<TableIdentifier> skipped = new ArrayList<>();
    int abandoned = 0;
    Map<String, TableIdentifier> byFolder = new HashMap<>();
    List<ObjectRecord> sorted = new ArrayList<>(objects.records());
    sorted.sort(Comparator.comparing(record -> record.id().toString()));
    for (ObjectRecord record : sorted) {
      TableIdentifier id = record.id();
      if (options.skipped().contains(id)) {
        skipped.add(id);
        continue;
      }
      String folder = folderOf(record.metadataLocation());
      TableIdentifier same = byFolder.putIfAbsent(folder, id);
      if (same != null) {
        problems.add(
            new Problem(
                id,
                "it names the same "
                    + kindName(record.kind())
                    + " as "
                    + same
                    + " (metadata in "
                    + folder
                    + "): keep one of them",
                List.of()));
        continue;
      }
      String chosen = options.chosen().get(id);
      if (chosen != null) {
        if (!folderOf(chosen).equals(folder) || !io.newInputFile(chosen).exists()) {
          problems.add(
              new Problem(
                  id,
                  "the chosen file " + chosen + " is not a metadata file in " + folder,
                  List.of()));
        } else {
          restored.add(new Restored(id, record.kind(), chosen, "chosen"));
        }
        continue;
      }
      MetadataChain.Outcome outcome;
      try {
        outcome =
            record.kind() == ObjectKind.VIEW
                ? MetadataChain.view(records.list(folder), record.metadataLocation())
                : MetadataChain.table(io, records.list(folder), record.metadataLocation());
      } catch (RuntimeException e) {
        outcome = MetadataChain.Outcome.unclear(List.of(), "its metadata cannot be read: " + e);
      }
      if (outcome.newest() == null) {
        problems.add(new Problem(id, outcome.problem(), outcome.candidates()));
        continue;
      }
      abandoned += outcome.abandoned();
      restored.add(
          new Restored(
              id,
              record.kind(),
              outcome.newest(),
              outcome.newest().equals(record.metadataLocation())
                  ? null
                  : "newer than the journal's, by its history"));
    }
    options.chosen().keySet().stream()
        .filter(id -> objects.records().stream().noneMatch(record -> record.id().equals(id)))
        .forEach(
            id ->
                problems.add(new Problem(id, "--choose names no table of the journal", List.of())));

    Map<TableIdentifier, Restored> planned = new LinkedHashMap<>();
    restored.forEach(object -> planned.put(object.id(), object));
    List<Restored> toWrite = new ArrayList<>();
    Map<TableIdentifier, StoredObject> existing = tables.all();
    existing.forEach(
        (id, object) -> {
          Restored plan = planned.get(id);
          if (plan == null || !plan.metadataLocation().equals(object.metadataLocation())) {
            problems.add(
                new Problem(
                    id,
                    "the catalog database already holds it (at "
                        + object.metadataLocation()
                        + "): recover into an empty database",
                    List.of()));
          }
        });
    restored.stream().filter(object -> !existing.containsKey(object.id())).forEach(toWrite::add);

    Map<Namespace, Map<String, String>> wanted = namespacesOf(namespaceRecords.records(), restored);
    boolean apply = !options.dryRun() && problems.isEmpty() && unreadable.isEmpty();
    if (apply) {
      wanted.forEach(
          (namespace, properties) -> {
            if (!namespaces.exists(namespace)) {
              namespaces.create(namespace, properties);
            } else if (!properties.isEmpty()) {
              namespaces.setProperties(namespace, properties);
            }
          });
      for (Restored object : toWrite) {
        try {
          if (object.kind() == ObjectKind.VIEW) {
            catalog.restoreView(object.id(), object.metadataLocation());
          } else {
            catalog.restoreTable(object.id(), object.metadataLocation());
          }
        } catch (RuntimeException e) {
          problems.add(
              new Problem(object.id(), "the catalog refused it: " + e.getMessage(), List.of()));
        }
      }
    }
    List<Restored> done = new ArrayList<>(restored);
    done.removeIf(
        object -> problems.stream().anyMatch(problem -> problem.id().equals(object.id())));
    return new Report(
        records.objectsFolder(),
        objects.records().size(),
        List.copyOf(wanted.keySet()),
        done,
        skipped,
        problems,
        unreadable,
        abandoned,
        apply);
  }

  /** Every namespace to create, parents first: those of the journal and those objects need. */
  private static Map<Namespace, Map<String, String>> namespacesOf(
      List<NamespaceRecord> records, List<Restored> objects) {
    Map<String, Namespace> names = new TreeMap<>();
    Map<Namespace, Map<String, String>> properties = new HashMap<>();
    records.forEach(
        record -> {
          withParents(record.namespace()).forEach(ns -> names.put(key(ns), ns));
          properties.put(record.namespace(), record.properties());
        });
    objects.forEach(
        object -> withParents(object.id().namespace()).forEach(ns -> names.put(key(ns), ns)));
    Map<Namespace, Map<String, String>> ordered = new LinkedHashMap<>();
    names.values().stream()
        .sorted(Comparator.comparingInt(Namespace::length).thenComparing(Namespace::toString))
        .forEach(ns -> ordered.put(ns, properties.getOrDefault(ns, Map.of())));
    return ordered;
  }

  private static List<Namespace> withParents(Namespace namespace) {
    List<Namespace> result = new ArrayList<>();
    String[] levels = namespace.levels();
    for (int length = 1; length <= levels.length; length++) {
      String[] prefix = new String[length];
      System.arraycopy(levels, 0, prefix, 0, length);
      result.add(Namespace.of(prefix));
    }
    return result;
  }

  private static String key(Namespace namespace) {
    return String.join("\u001f", namespace.levels());
  }

  private static String folderOf(String location) {
    return location.substring(0, location.lastIndexOf('/') + 1);
  }

  private static String kindName(ObjectKind kind) {
    return kind == ObjectKind.VIEW ? "view" : "table";
  }
}
