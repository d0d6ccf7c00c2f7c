package dev.firn.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeyFileTest {

  @Test
  void generatesADifferentKeyForEachFreshFolder(@TempDir Path one, @TempDir Path two) {
    String first = SecretKeyFile.readOrCreate(one.resolve("s3-credentials.properties"));
    String second = SecretKeyFile.readOrCreate(two.resolve("s3-credentials.properties"));

    assertThat(first).matches("[A-Za-z0-9_-]{40}");
    assertThat(second).matches("[A-Za-z0-9_-]{40}").isNotEqualTo(first);
  }

  @Test
  void keepsTheKeyInAnOwnerOnlyFileAndReadsItBackOnTheNextStart(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("data").resolve("s3-credentials.properties");

    String key = SecretKeyFile.readOrCreate(file);

    assertThat(Files.readString(file)).contains(SecretKeyFile.KEY + "=" + key + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SecretKeyFile.readOrCreate(file)).isEqualTo(key);
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void refusesACorruptFileNamingItAndTheFix(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s3-credentials.properties");
    Files.writeString(file, "secret-access-key=short\n");

    assertThatThrownBy(() -> SecretKeyFile.readOrCreate(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Invalid embedded S3 credentials file " + file + ":")
        .hasMessageContaining("delete it to have a new key generated")
        .hasMessageNotContaining("\n");
    assertThat(Files.readString(file)).isEqualTo("secret-access-key=short\n");
  }

  @Test
  void refusesAFileItCannotReadNamingItAndTheFix(@TempDir Path dir) throws Exception {
    // A folder where the file should be fails to read for any user, root included.
    Path file = Files.createDirectory(dir.resolve("s3-credentials.properties"));

    assertThatThrownBy(() -> SecretKeyFile.readOrCreate(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot read the embedded S3 credentials file " + file + ":")
        .hasMessageContaining("delete it to have a new key generated")
        .hasMessageNotContaining("\n");
  }
}
