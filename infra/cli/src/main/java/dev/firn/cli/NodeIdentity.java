package dev.firn.cli;

import dev.firn.catalog.FirnNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which node of the warehouse this {@code firn serve} is: the {@code node.id} setting, else the id
 * kept in the data folder ({@value #FILE}, made on the first start), so that a node that restarts
 * is the same node and frees at once what its previous run held. The data folder is locked while
 * the node runs: two processes of one node would take each other's work for their own.
 */
final class NodeIdentity implements AutoCloseable {
  static final String FILE = "node.id";
  static final String LOCK = "node.lock";
  static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  private final String id;
  private final FileChannel channel;
  private final FileLock lock;

  private NodeIdentity(String id, FileChannel channel, FileLock lock) {
    this.id = id;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the data folder for this node and reads (or makes) its id.
   *
   * @throws UsageException when another process runs as a node from this data folder
   */
  static NodeIdentity claim(Path dataDirectory, String configured) {
    return claim(
        dataDirectory,
        configured,
        "Another firn serve runs from the data folder "
            + dataDirectory
            + ": give each node its own data-dir");
  }

  /**
   * Claims the data folder as {@link #claim(Path, String)} does.
   *
   * @param busy the one line a user sees when another process holds it
   */
  static NodeIdentity claim(Path dataDirectory, String configured, String busy) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDirectory);
      channel =
          FileChannel.open(
              dataDirectory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new UsageException(busy);
      }
      return new NodeIdentity(
          configured != null ? configured : readOrCreate(dataDirectory.resolve(FILE)),
          channel,
          lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UsageException(
          "Cannot use the data folder " + dataDirectory + " (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!kept.matches(ID)) {
        throw new UsageException(
            "Invalid node id in " + file + ": " + kept + " (remove the file to make a new one)");
      }
      return kept;
    }
    String made = FirnNode.newNodeId();
    Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
    return made;
  }

  String id() {
    return id;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel releases it too.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing more to free.
      }
    }
  }
}
