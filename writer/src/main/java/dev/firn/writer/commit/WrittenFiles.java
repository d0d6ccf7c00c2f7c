package dev.firn.writer.commit;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;

/**
 * The files a batch wrote, ready to commit.
 *
 * @param dataFiles the data files, in the order written
 * @param deleteFiles the equality delete files of an upsert or a delete
 */
public record WrittenFiles(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {
  public WrittenFiles {
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
  }
}
