package dev.firn.writer;

/** Byte counts for people. */
public final class Bytes {
  private Bytes() {}

  public static String human(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return unit == 0
        ? String.format("%.0f %s", bytes, units[0])
        : String.format("%.1f %s", bytes, units[unit]);
  }
}
