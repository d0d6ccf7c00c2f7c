package dev.firn.catalog.rest;

/** A response body that is JSON text already, such as a stored response being replayed. */
record RawJson(String json) {}
