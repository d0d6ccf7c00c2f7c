package dev.firn.bench.core;

/**
 * The versions a report names.
 *
 * @param firn Firn's version
 * @param firnIceberg the Iceberg version Firn runs on
 * @param referenceIceberg the Iceberg version the reference runs on, or empty where it does not
 *     apply
 */
public record Versions(String firn, String firnIceberg, String referenceIceberg) {}
