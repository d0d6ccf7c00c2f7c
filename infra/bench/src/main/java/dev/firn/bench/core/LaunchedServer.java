package dev.firn.bench.core;

import java.net.URI;

/**
 * A server process that serves, and the base URI of its REST catalog.
 *
 * @param process the child JVM
 * @param uri the REST catalog's base URI on the loopback interface
 * @param credential the credential clients sign in with, {@code id:secret}, or null for a server
 *     that takes requests without one
 */
public record LaunchedServer(ServerProcess process, URI uri, String credential) {}
