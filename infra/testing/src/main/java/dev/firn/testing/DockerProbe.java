package dev.firn.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked once per JVM and only when one could be there. */
final class DockerProbe {
  private static volatile Boolean available;

  private DockerProbe() {}

  static boolean available() {
    if (available == null) {
      synchronized (DockerProbe.class) {
        if (available == null) {
          available = mayExist() && DockerClientFactory.instance().isDockerAvailable();
        }
      }
    }
    return available;
  }

  // Testcontainers spends seconds trying every strategy when nothing is there; skip that when
  // there is no socket, no DOCKER_HOST and no Testcontainers configuration.
  private static boolean mayExist() {
    String home = System.getProperty("user.home");
    return System.getenv("DOCKER_HOST") != null
        || Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
        || Files.exists(Path.of(home, ".testcontainers.properties"));
  }
}
