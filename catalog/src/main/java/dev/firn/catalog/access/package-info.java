/**
 * Who is calling: principals and their secrets, Firn's own token issuer (the REST spec's {@code
 * POST /v1/oauth/tokens}), and the check of the bearer token every request carries. The HTTP layer
 * asks {@link dev.firn.catalog.access.Authentication} once per request, before any handler runs.
 */
package dev.firn.catalog.access;
