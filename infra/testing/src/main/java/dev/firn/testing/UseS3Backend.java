package dev.firn.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link S3EndpointExtension} for one backend, whatever the environment selects. A test that
 * asks for {@link S3Backend#MINIO} is skipped where no Docker engine runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface UseS3Backend {
  S3Backend value();
}
