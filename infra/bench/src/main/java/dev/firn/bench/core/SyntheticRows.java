package dev.firn.bench.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Deterministic rows for the ingestion benchmark: the same seed gives the same rows, as Iceberg
 * records (for Parquet) or as NDJSON lines. Notes are random letters, so the data does not compress
 * to nothing.
 */
public final class SyntheticRows {
  private static final List<String> COUNTRIES =
      List.of(
          "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CN", "CZ", "DE", "DK", "ES", "FI", "FR",
          "GB", "GR", "IE", "IN", "IT", "JP", "KR", "MX", "NL", "NO", "NZ", "PL", "PT", "SE", "US");
  private static final List<String> TAGS =
      List.of(
          "new",
          "returning",
          "promo",
          "mobile",
          "web",
          "gift",
          "bulk",
          "express",
          "retry",
          "flagged",
          "vip",
          "trial",
          "refund",
          "b2b",
          "weekend",
          "night");
  private static final List<String> SYSTEMS =
      List.of("android", "ios", "linux", "macos", "windows");
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz      ";
  // 2025-01-01T00:00:00Z; rows spread over the following year.
  private static final long EPOCH_START = 1_735_689_600L;
  private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;

  private final SplittableRandom random;
  private long nextId;

  public SyntheticRows(long seed, long firstId) {
    this.random = new SplittableRandom(seed);
    this.nextId = firstId;
  }

  /** One row's values, drawn in a fixed order. */
  record Row(
      long id,
      long epochMillis,
      String user,
      String country,
      long amountCents,
      int qty,
      boolean flag,
      List<String> tags,
      String os,
      String version,
      String note) {}

  public Row next() {
    int tagCount = random.nextInt(4);
    List<String> tags = new ArrayList<>(tagCount);
    for (int i = 0; i < tagCount; i++) {
      tags.add(TAGS.get(random.nextInt(TAGS.size())));
    }
    return new Row(
        nextId++,
        EPOCH_START * 1000 + random.nextLong(YEAR_MILLIS),
        "user_" + random.nextInt(1_000_000),
        COUNTRIES.get(random.nextInt(COUNTRIES.size())),
        random.nextLong(1_000_000),
        1 + random.nextInt(100),
        random.nextBoolean(),
        tags,
        SYSTEMS.get(random.nextInt(SYSTEMS.size())),
        random.nextInt(20) + "." + random.nextInt(10) + "." + random.nextInt(100),
        text(20 + random.nextInt(41)));
  }

  private String text(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
    }
    chars[0] = 'n';
    chars[length - 1] = '.';
    return new String(chars);
  }

  public static Record toRecord(Row row) {
    Record record = GenericRecord.create(IngestSchema.SCHEMA);
    record.set(0, row.id());
    record.set(
        1, OffsetDateTime.ofInstant(Instant.ofEpochMilli(row.epochMillis()), ZoneOffset.UTC));
    record.set(2, row.user());
    record.set(3, row.country());
    record.set(4, row.amountCents() / 100.0);
    record.set(5, row.qty());
    record.set(6, row.flag());
    record.set(7, row.tags());
    Record device = GenericRecord.create(IngestSchema.DEVICE);
    device.set(0, row.os());
    device.set(1, row.version());
    record.set(8, device);
    record.set(9, row.note());
    return record;
  }

  /** The row as one NDJSON line, without its line break. Values need no escaping. */
  public static String toJson(Row row) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"id\":").append(row.id());
    json.append(",\"ts\":\"").append(Instant.ofEpochMilli(row.epochMillis())).append('"');
    json.append(",\"user\":\"").append(row.user()).append('"');
    json.append(",\"country\":\"").append(row.country()).append('"');
    long cents = row.amountCents();
    json.append(",\"amount\":").append(cents / 100).append('.');
    json.append((char) ('0' + cents % 100 / 10)).append((char) ('0' + cents % 10));
    json.append(",\"qty\":").append(row.qty());
    json.append(",\"flag\":").append(row.flag());
    json.append(",\"tags\":[");
    for (int i = 0; i < row.tags().size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(row.tags().get(i)).append('"');
    }
    json.append("],\"device\":{\"os\":\"").append(row.os());
    json.append("\",\"version\":\"").append(row.version()).append("\"}");
    json.append(",\"note\":\"").append(row.note()).append("\"}");
    return json.toString();
  }
}
