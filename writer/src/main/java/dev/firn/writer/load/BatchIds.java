package dev.firn.writer.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Batch ids derived from what a batch is: its target, mode and options, and the content of its
 * inputs (not their names), so the same data loaded the same way twice has the same id.
 */
final class BatchIds {
  private BatchIds() {}

  static String derive(String target, String mode, String options, List<BatchPart> parts) {
    MessageDigest digest = sha256();
    for (String value : List.of("firn-batch-1", target, mode, options)) {
      digest.update(value.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    for (BatchPart part : parts) {
      MessageDigest content = sha256();
      part.digest(content);
      digest.update(content.digest());
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
