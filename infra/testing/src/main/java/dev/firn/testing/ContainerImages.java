package dev.firn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The container images pinned in {@code infra/compose/.env}, the one place they are named. */
public final class ContainerImages {
  private static final Properties IMAGES = load();

  private ContainerImages() {}

  public static String minio() {
    return image("MINIO_IMAGE");
  }

  public static String postgres() {
    return image("POSTGRES_IMAGE");
  }

  private static String image(String key) {
    String image = IMAGES.getProperty(key);
    if (image == null || image.isBlank()) {
      throw new IllegalStateException("No " + key + " in infra/compose/.env");
    }
    return image.trim();
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = ContainerImages.class.getResourceAsStream(".env")) {
      if (in == null) {
        throw new IllegalStateException("infra/compose/.env is missing from the test classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
