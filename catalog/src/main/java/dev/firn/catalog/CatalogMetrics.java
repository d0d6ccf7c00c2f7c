package dev.firn.catalog;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counters of what the catalog does, exposed in Prometheus's text format on the management port:
 * requests and their latency by operation and status, commit outcomes, appends rebased by the
 * catalog, metadata cache use, and idempotent replays.
 */
public final class CatalogMetrics {
  /** How a commit ended. */
  public enum CommitOutcome {
    APPLIED,
    /** The database failed, but reading the pointer again showed the commit applied. */
    APPLIED_DESPITE_ERROR,
    CONFLICT,
    UNKNOWN
  }

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requestNanos = new ConcurrentHashMap<>();
  private final Map<CommitOutcome, LongAdder> commits = new ConcurrentHashMap<>();
  private final LongAdder replays = new LongAdder();
  private final LongAdder rebasedAppends = new LongAdder();
  private final LongAdder rebasedRewrites = new LongAdder();
  private final LongAdder refusedDeletes = new LongAdder();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final List<Supplier<String>> sections = new CopyOnWriteArrayList<>();

  public void request(String operation, int status, long nanos) {
    requests.computeIfAbsent(operation + "\u0000" + status, k -> new LongAdder()).increment();
    requestNanos.computeIfAbsent(operation, k -> new LongAdder()).add(nanos);
  }

  public void commit(CommitOutcome outcome) {
    commits.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  public void replay() {
    replays.increment();
  }

  /**
   * Counts an append the catalog put on top of a branch head that moved since the client read it.
   */
  public void rebasedAppend() {
    rebasedAppends.increment();
  }

  /** A rewrite (compaction) put on its branch's new head over the appends it raced. */
  public void rebasedRewrite() {
    rebasedRewrites.increment();
  }

  public long rebasedRewrites() {
    return rebasedRewrites.sum();
  }

  public long rebasedAppends() {
    return rebasedAppends.sum();
  }

  /**
   * Counts a delete the catalog refused because the path lies outside the table's location (purge
   * of a dropped table, metadata files a commit removed from the log).
   */
  public void refusedDelete() {
    refusedDeletes.increment();
  }

  public long refusedDeletes() {
    return refusedDeletes.sum();
  }

  /** Registers a value read when metrics are scraped, such as a cache size. */
  public void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  /**
   * Registers metrics another module renders itself, in Prometheus's text format, appended to the
   * catalog's own when metrics are scraped.
   */
  public void section(Supplier<String> text) {
    sections.add(text);
  }

  public long commits(CommitOutcome outcome) {
    LongAdder count = commits.get(outcome);
    return count == null ? 0 : count.sum();
  }

  /** The metrics in Prometheus's text exposition format. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP firn_requests_total Catalog API requests by operation and status.\n");
    out.append("# TYPE firn_requests_total counter\n");
    Map<String, Long> perOperation = new TreeMap<>();
    new TreeMap<>(requests)
        .forEach(
            (key, count) -> {
              String[] parts = key.split("\u0000");
              out.append("firn_requests_total{operation=\"")
                  .append(parts[0])
                  .append("\",status=\"")
                  .append(parts[1])
                  .append("\"} ")
                  .append(count.sum())
                  .append('\n');
              perOperation.merge(parts[0], count.sum(), Long::sum);
            });
    out.append("# HELP firn_request_seconds Time spent serving catalog API requests.\n");
    out.append("# TYPE firn_request_seconds summary\n");
    new TreeMap<>(requestNanos)
        .forEach(
            (operation, nanos) -> {
              out.append("firn_request_seconds_sum{operation=\"")
                  .append(operation)
                  .append("\"} ")
                  .append(nanos.sum() / 1e9)
                  .append('\n');
              out.append("firn_request_seconds_count{operation=\"")
                  .append(operation)
                  .append("\"} ")
                  .append(perOperation.getOrDefault(operation, 0L))
                  .append('\n');
            });
    out.append("# HELP firn_commits_total Pointer swaps by outcome.\n");
    out.append("# TYPE firn_commits_total counter\n");
    for (CommitOutcome outcome : CommitOutcome.values()) {
      out.append("firn_commits_total{outcome=\"")
          .append(outcome.name().toLowerCase(java.util.Locale.ROOT))
          .append("\"} ")
          .append(commits(outcome))
          .append('\n');
    }
    out.append(
        "# HELP firn_rebased_appends_total Appends put on a moved branch head, not refused.\n");
    out.append("# TYPE firn_rebased_appends_total counter\n");
    out.append("firn_rebased_appends_total ").append(rebasedAppends.sum()).append('\n');
    out.append(
        "# HELP firn_rebased_rewrites_total Rewrites (compactions) put on a branch head moved by"
            + " appends, not refused.\n");
    out.append("# TYPE firn_rebased_rewrites_total counter\n");
    out.append("firn_rebased_rewrites_total ").append(rebasedRewrites.sum()).append('\n');
    out.append(
        "# HELP firn_refused_deletes_total Deletes refused: the path lies outside the table's"
            + " location.\n");
    out.append("# TYPE firn_refused_deletes_total counter\n");
    out.append("firn_refused_deletes_total ").append(refusedDeletes.sum()).append('\n');
    out.append("# HELP firn_idempotent_replays_total Requests answered from an earlier attempt.\n");
    out.append("# TYPE firn_idempotent_replays_total counter\n");
    out.append("firn_idempotent_replays_total ").append(replays.sum()).append('\n');
    new TreeMap<>(gauges)
        .forEach(
            (name, value) -> {
              out.append("# TYPE ").append(name).append(" gauge\n");
              out.append(name).append(' ').append(value.getAsLong()).append('\n');
            });
    sections.forEach(section -> out.append(section.get()));
    return out.toString();
  }
}
