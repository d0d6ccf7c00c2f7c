package dev.firn.bench.expiry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * Reads and writes the objects of the embedded S3 server's bucket as the files it keeps them in,
 * {@code s3://bucket/key} being {@code <data folder>/bucket/key}. The server serves files written
 * here like objects put through it, with their size and modification time, and writing them
 * directly is a hundred times faster than putting them one by one on a loaded machine: the
 * benchmark's table generator writes its many small files this way.
 */
record S3FolderIO(Path dataFolder) implements FileIO {
  /** The file that holds an {@code s3://} location. */
  Path file(String location) {
    if (!location.startsWith("s3://")) {
      throw new IllegalArgumentException("Not an s3:// location: " + location);
    }
    return dataFolder.resolve(location.substring("s3://".length()));
  }

  void write(String location, byte[] bytes) {
    Path file = file(location);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + location, e);
    }
  }

  @Override
  public InputFile newInputFile(String location) {
    return new Input(location, org.apache.iceberg.Files.localInput(file(location).toFile()));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new Output(location, this);
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(file(location));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location, e);
    }
  }

  /** A file read under its {@code s3://} location. */
  private record Input(String location, InputFile local) implements InputFile {
    @Override
    public long getLength() {
      return local.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return local.newStream();
    }

    @Override
    public boolean exists() {
      return local.exists();
    }
  }

  /** A file written under its {@code s3://} location. */
  private record Output(String location, S3FolderIO io) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return local().create();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return local().createOrOverwrite();
    }

    @Override
    public InputFile toInputFile() {
      return io.newInputFile(location);
    }

    private OutputFile local() {
      Path file = io.file(location);
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the folder of " + location, e);
      }
      return org.apache.iceberg.Files.localOutput(file.toFile());
    }
  }
}
