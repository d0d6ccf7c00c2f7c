package dev.firn.writer.input;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;

/** A sink that keeps everything it is given. */
final class CollectingSink implements RowSink {
  record Reject(String position, String reason, String raw) {}

  final List<Record> rows = new ArrayList<>();
  final List<Reject> rejects = new ArrayList<>();
  long bytes = -1;

  @Override
  public void accept(Record row) {
    rows.add(row);
  }

  @Override
  public void reject(String position, String reason, String raw) {
    rejects.add(new Reject(position, reason, raw));
  }

  @Override
  public void bytesRead(long bytes) {
    this.bytes = bytes;
  }
}
