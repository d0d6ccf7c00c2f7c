package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    for (String name :
        List.of(
            "b.json", "a.json", "c.csv", "_SUCCESS", ".hidden.json", "sub/d.json", "_tmp/e.json")) {
      Path path = dir.resolve(name);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "{}\n");
    }
  }

  private List<String> names(List<String> locations) {
    return InputFiles.resolve(locations, null).stream()
        .map(f -> dir.relativize(Path.of(f.location())).toString())
        .toList();
  }

  @Test
  void directoriesRecurseAndSkipHiddenFiles() {
    assertThat(names(List.of(dir.toString())))
        .containsExactly("a.json", "b.json", "c.csv", "sub/d.json");
  }

  @Test
  void globsMatchFromTheirLiteralPrefix() {
    assertThat(names(List.of(dir + "/*.json"))).containsExactly("a.json", "b.json");
    assertThat(names(List.of(dir + "/**.json"))).containsExactly("a.json", "b.json", "sub/d.json");
    assertThat(names(List.of(dir + "/s*/*.json"))).containsExactly("sub/d.json");
  }

  @Test
  void plainFilesKeepArgumentOrder() {
    assertThat(names(List.of(dir + "/c.csv", dir + "/a.json", dir + "/_SUCCESS")))
        .containsExactly("c.csv", "a.json", "_SUCCESS");
  }

  @Test
  void nothingMatching() {
    assertThatThrownBy(() -> names(List.of(dir + "/*.parquet")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No input files match " + dir + "/*.parquet");
    assertThatThrownBy(() -> names(List.of(dir + "/missing.json")))
        .hasMessage("No input files match " + dir + "/missing.json");
  }

  @Test
  void s3ObjectsPrefixesAndGlobs() {
    FakeS3 s3 = new FakeS3();
    for (String key :
        List.of(
            "in/b.json", "in/a.json", "in/x/c.json", "in/_SUCCESS", "in/x/d.csv", "other/e.json")) {
      s3.objects.put("s3://bucket/" + key, 3L);
    }
    assertThat(locations(List.of("s3://bucket/in/"), s3))
        .containsExactly(
            "s3://bucket/in/a.json",
            "s3://bucket/in/b.json",
            "s3://bucket/in/x/c.json",
            "s3://bucket/in/x/d.csv");
    assertThat(locations(List.of("s3://bucket/in/*.json"), s3))
        .containsExactly("s3://bucket/in/a.json", "s3://bucket/in/b.json");
    assertThat(locations(List.of("s3://bucket/in/**.json"), s3))
        .containsExactly(
            "s3://bucket/in/a.json", "s3://bucket/in/b.json", "s3://bucket/in/x/c.json");
    assertThat(locations(List.of("s3://bucket/other/e.json"), s3))
        .containsExactly("s3://bucket/other/e.json");
    assertThatThrownBy(() -> locations(List.of("s3://bucket/none.json"), s3))
        .hasMessage("No input files match s3://bucket/none.json");
  }

  private static List<String> locations(List<String> locations, FakeS3 s3) {
    return InputFiles.resolve(locations, s3).stream().map(InputFile::location).toList();
  }

  /** Object names and sizes, listable by prefix. */
  private static final class FakeS3 implements SupportsPrefixOperations {
    final Map<String, Long> objects = new TreeMap<>();

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
      List<FileInfo> found = new ArrayList<>();
      objects.forEach(
          (location, size) -> {
            if (location.startsWith(prefix)) {
              found.add(new FileInfo(location, size, 0));
            }
          });
      return found;
    }

    @Override
    public void deletePrefix(String prefix) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InputFile newInputFile(String path) {
      return new org.apache.iceberg.inmemory.InMemoryInputFile(path, new byte[0]) {
        @Override
        public boolean exists() {
          return objects.containsKey(path);
        }
      };
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException();
    }
  }
}
