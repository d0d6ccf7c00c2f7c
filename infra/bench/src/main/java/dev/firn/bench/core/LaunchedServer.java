package dev.firn.bench.core;

import java.net.URI;

/**
 * A server process that serves, and the base URI of its REST catalog.
 *
 * @param process the child JVM
 * @param uri the REST catalog's base URI on the loopback interface
 */
public record LaunchedServer(ServerProcess process, URI uri) {}
