package dev.firn.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkModuleTest {
  @TempDir Path module;
  @TempDir Path benchSpark;

  @Test
  void namesTheBuildCommandWhenTheModuleIsNotBuilt() throws IOException {
    Files.writeString(module.resolve("pom.xml"), pom());

    assertThatThrownBy(() -> SparkModule.locate(module, benchSpark))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(module.resolve("target/classpath.txt").toString())
        .hasMessageEndingWith(SparkModule.BUILD_COMMAND);
  }

  @Test
  void readsClasspathJavaOptionsAndVersionsFromTheBuild() throws IOException {
    Files.writeString(module.resolve("pom.xml"), pom());
    Path target = Files.createDirectories(module.resolve("target"));
    Path core = sparkCore(target.resolve("spark-core_2.12-3.5.9.jar"));
    Path runtime = icebergRuntime(target.resolve("iceberg-spark-runtime-3.5_2.12-1.12.0.jar"));
    Files.writeString(target.resolve("classpath.txt"), core + ":" + runtime + "\n");
    Files.writeString(target.resolve("firn-maintenance-spark.jar"), "");
    Path benchTarget = Files.createDirectories(benchSpark.resolve("target"));
    Files.writeString(benchTarget.resolve("classpath.txt"), "/lib/picocli.jar\n");
    Files.writeString(benchTarget.resolve("firn-bench-spark.jar"), "");

    SparkModule spark = SparkModule.locate(module, benchSpark);

    assertThat(spark.classpath())
        .isEqualTo(
            String.join(
                ":",
                core.toString(),
                runtime.toString(),
                target.resolve("firn-maintenance-spark.jar").toString(),
                "/lib/picocli.jar",
                benchTarget.resolve("firn-bench-spark.jar").toString()));
    assertThat(spark.javaOptions())
        .containsExactly("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dx=y");
    assertThat(spark.sparkVersion()).isEqualTo("3.5.9");
    assertThat(spark.icebergVersion()).isEqualTo("1.12.0");
  }

  private static String pom() {
    return "<project><properties><spark.java.options>\n"
        + "  --add-opens=java.base/java.lang=ALL-UNNAMED  -Dx=y\n"
        + "</spark.java.options></properties></project>";
  }

  private static Path sparkCore(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "3.5.9");
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      return jar;
    }
  }

  private static Path icebergRuntime(Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("iceberg-build.properties"));
      out.write("git.build.version=1.12.0\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      return jar;
    }
  }
}
