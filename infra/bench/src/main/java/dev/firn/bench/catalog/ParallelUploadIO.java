package dev.firn.bench.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Writes new files in memory and uploads them through another {@link FileIO} on a few threads, so a
 * generator that writes thousands of small files one after the other is not held up by a round trip
 * per file. A file is readable once {@link #awaitUploads()} has returned; generators that never
 * read back what they wrote (Iceberg's fast appends keep the manifests they list in memory) call it
 * once at the end.
 */
final class ParallelUploadIO implements FileIO, AutoCloseable {
  private final FileIO storage;
  private final ExecutorService uploads;
  private final List<Future<?>> pending = new ArrayList<>();
  private final Map<String, byte[]> written = new ConcurrentHashMap<>();

  ParallelUploadIO(FileIO storage, int threads) {
    this.storage = storage;
    this.uploads = Executors.newFixedThreadPool(threads);
  }

  /** Waits for every upload so far; rethrows the first one that failed. */
  void awaitUploads() {
    List<Future<?>> waiting;
    synchronized (pending) {
      waiting = new ArrayList<>(pending);
      pending.clear();
    }
    for (Future<?> upload : waiting) {
      try {
        upload.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for uploads", e);
      } catch (ExecutionException e) {
        throw new UncheckedIOException(
            "An upload failed", new IOException(e.getCause().getMessage(), e.getCause()));
      }
    }
  }

  @Override
  public InputFile newInputFile(String location) {
    byte[] bytes = written.get(location);
    return bytes != null ? new InMemoryInputFile(location, bytes) : storage.newInputFile(location);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new Output(location);
  }

  @Override
  public void deleteFile(String location) {
    storage.deleteFile(location);
  }

  @Override
  public void close() {
    uploads.shutdownNow();
  }

  private void upload(String location, byte[] bytes) {
    written.put(location, bytes);
    Future<?> upload =
        uploads.submit(
            () -> {
              try (PositionOutputStream out = storage.newOutputFile(location).createOrOverwrite()) {
                out.write(bytes);
              }
              return null;
            });
    synchronized (pending) {
      pending.add(upload);
    }
  }

  private final class Output implements OutputFile {
    private final String location;

    Output(String location) {
      this.location = location;
    }

    @Override
    public PositionOutputStream create() {
      return createOrOverwrite();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return new Buffered(location);
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public InputFile toInputFile() {
      return newInputFile(location);
    }
  }

  private final class Buffered extends PositionOutputStream {
    private final String location;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean closed;

    Buffered(String location) {
      this.location = location;
    }

    @Override
    public long getPos() {
      return buffer.size();
    }

    @Override
    public void write(int b) {
      buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buffer.write(b, off, len);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        upload(location, buffer.toByteArray());
      }
    }
  }
}
