package dev.firn.writer.load;

import dev.firn.writer.SchemaMode;
import dev.firn.writer.WriteMode;
import dev.firn.writer.commit.WrittenFiles;
import dev.firn.writer.input.RecordConversion;
import dev.firn.writer.input.RowSink;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Reads a batch's parts and writes their rows as files, with one worker per core where the batch
 * has several parts: each worker takes the next part and writes through files of its own, so
 * parsing and Parquet encoding use every core. An upsert uses one worker, since it keeps the last
 * row of each key across the whole batch.
 */
final class BatchWriting {
  private static final int PROGRESS_EVERY_ROWS = 16_384;

  private final IngestRequest request;
  private final Rejects rejects;
  private final List<RowWriting> writings = new ArrayList<>();
  private final AtomicInteger nextPart = new AtomicInteger();
  private final AtomicInteger partsDone = new AtomicInteger();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicLongArray bytesInProgress;
  private volatile boolean stopped;

  BatchWriting(Table table, IngestRequest request, Rejects rejects, int parts) {
    this.request = request;
    this.rejects = rejects;
    int workers =
        request.mode() == WriteMode.UPSERT ? 1 : Math.max(1, Math.min(request.threads(), parts));
    String operation = UUID.randomUUID().toString();
    for (int i = 0; i < workers; i++) {
      writings.add(new RowWriting(table, request.mode(), request.keys(), operation, i + 1));
    }
    this.bytesInProgress = new AtomicLongArray(workers);
  }

  /** Reads every part into files; the first failure stops the others and is thrown. */
  void write(List<BatchPart> parts, List<Schema> schemas) {
    if (writings.size() == 1) {
      work(0, parts, schemas);
    } else {
      AtomicInteger threads = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              writings.size(),
              task -> {
                Thread thread = new Thread(task, "firn-ingest-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < writings.size(); w++) {
          int worker = w;
          workers.add(pool.submit(() -> work(worker, parts, schemas)));
        }
        awaitAll(workers);
      } finally {
        pool.shutdownNow();
      }
    }
    for (RowWriting writing : writings) {
      writing.finish();
    }
  }

  private void awaitAll(List<Future<?>> workers) {
    RuntimeException first = null;
    for (Future<?> worker : workers) {
      try {
        worker.get();
      } catch (ExecutionException e) {
        stopped = true;
        if (first == null || first instanceof Stopped) {
          first =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        throw new IllegalStateException("Interrupted while loading", e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void work(int worker, List<BatchPart> parts, List<Schema> schemas) {
    for (int part = nextPart.getAndIncrement();
        part < parts.size();
        part = nextPart.getAndIncrement()) {
      if (stopped) {
        return;
      }
      try {
        read(worker, parts.get(part), schemas.get(part));
      } catch (RuntimeException e) {
        stopped = true;
        throw e;
      }
    }
  }

  private void read(int worker, BatchPart part, Schema schema) {
    RowWriting writing = writings.get(worker);
    Schema source = request.mode() == WriteMode.DELETE ? keysOf(schema, part) : schema;
    Schema projected = request.mode() == WriteMode.DELETE ? source : null;
    RecordConversion conversion = RecordConversion.between(source, writing.rowSchema());
    Predicate<Record> inFilter = filterOf(writing.rowSchema());
    long[] partRows = {0};
    bytesInProgress.set(worker, 0);
    part.read(
        schema,
        new RowSink() {
          @Override
          public void accept(Record row) {
            if (stopped) {
              throw new Stopped();
            }
            partRows[0]++;
            Record input = projected == null ? row : project(row, projected);
            Record converted;
            try {
              converted = conversion.convert(input);
            } catch (IllegalArgumentException e) {
              rejects.reject(part.location() + ":row " + partRows[0], e.getMessage(), null);
              return;
            }
            if (inFilter != null && !inFilter.test(converted)) {
              rejects.reject(
                  part.location() + ":row " + partRows[0],
                  "the row is outside the overwrite filter "
                      + request.filter()
                      + ": an overwrite by filter replaces only rows that match it",
                  null);
              return;
            }
            writing.write(converted);
            if (rowsRead.incrementAndGet() % PROGRESS_EVERY_ROWS == 0) {
              report();
            }
          }

          @Override
          public void reject(String position, String reason, String raw) {
            partRows[0]++;
            rejects.reject(position, reason, raw);
          }

          @Override
          public void beyondInt(String column, String position, String reason, String raw) {
            if (request.schemaMode() == SchemaMode.EVOLVE) {
              throw new WidenToLong(column, position);
            }
            reject(position, reason, raw);
          }

          @Override
          public void bytesRead(long bytes) {
            bytesInProgress.set(worker, bytes);
          }
        });
    bytesDone.addAndGet(Math.max(part.size(), bytesInProgress.get(worker)));
    bytesInProgress.set(worker, 0);
    partsDone.incrementAndGet();
    report();
  }

  /** For an overwrite by filter: which rows the filter covers; null for any other load. */
  private Predicate<Record> filterOf(Schema schema) {
    if (request.mode() != WriteMode.OVERWRITE || request.filter() == null) {
      return null;
    }
    return RowFilter.matcher(RowFilter.parse(request.filter()), schema);
  }

  private void report() {
    long bytes = bytesDone.get();
    for (int i = 0; i < bytesInProgress.length(); i++) {
      bytes += bytesInProgress.get(i);
    }
    synchronized (this) {
      request.progress().advanced(partsDone.get(), rowsRead.get(), bytes);
    }
  }

  private Schema keysOf(Schema schema, BatchPart part) {
    for (String key : request.keys()) {
      if (schema.findField(key) == null) {
        throw new IllegalArgumentException(
            "Key column "
                + key
                + " is not in "
                + part.location()
                + " (columns: "
                + schema.columns().stream().map(f -> f.name()).toList()
                + ")");
      }
    }
    return schema.select(request.keys());
  }

  private Record project(Record row, Schema projected) {
    Record out = GenericRecord.create(projected);
    for (String key : request.keys()) {
      out.setField(key, row.getField(key));
    }
    return out;
  }

  long rows() {
    return writings.stream().mapToLong(RowWriting::rows).sum();
  }

  /** Rows read and taken (before an upsert keeps the last of each key). */
  long rowsRead() {
    return rowsRead.get();
  }

  long bytesRead() {
    return bytesDone.get();
  }

  List<DataFile> dataFiles() {
    return writings.stream().flatMap(w -> w.dataFiles().stream()).toList();
  }

  List<DeleteFile> deleteFiles() {
    return writings.stream().flatMap(w -> w.deleteFiles().stream()).toList();
  }

  /** The files written, once {@link #write} returned. */
  WrittenFiles files() {
    return new WrittenFiles(dataFiles(), deleteFiles());
  }

  long bytesWritten() {
    return writings.stream().mapToLong(RowWriting::bytesWritten).sum();
  }

  /** Deletes every file written: the commit definitely did not happen. */
  void discard() {
    writings.forEach(RowWriting::discard);
  }

  /**
   * Stops a load whose text input holds a whole number beyond an int column, where the schema mode
   * lets it widen the column: the load starts again with the column read as long.
   */
  static final class WidenToLong extends RuntimeException {
    private final String column;

    WidenToLong(String column, String position) {
      super(
          "Column " + column + " needs long for a value at " + position + "; widening it",
          null,
          false,
          false);
      this.column = column;
    }

    String column() {
      return column;
    }
  }

  /** Thrown into a worker's reader when another worker failed. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("Stopped: another part of the batch failed", null, false, false);
    }
  }
}
