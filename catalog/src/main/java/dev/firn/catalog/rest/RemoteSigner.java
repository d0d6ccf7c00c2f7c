package dev.firn.catalog.rest;

import dev.firn.boundary.TableLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.apache.iceberg.rest.responses.ImmutableRemoteSignResponse;
import org.apache.iceberg.rest.responses.RemoteSignResponse;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs S3 requests for clients that hold no storage keys, as the REST spec's remote signing
 * describes ({@code POST .../tables/{table}/sign}): only requests to the warehouse's storage
 * endpoint, only for objects inside the table's own location (every key of a bulk delete, the
 * prefix of a listing), with Firn's own keys. Whether the caller may read or write is the access
 * layer's to say, before this runs.
 */
final class RemoteSigner {
  /** S3 methods that only read. */
  static final Set<String> READS = Set.of("GET", "HEAD");

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");

  // What a request may ask besides reading or writing the object it names: multipart uploads;
  // the AWS SDK adds x-id. Anything else (?acl, ?tagging, ?restore, ...) is not signed.
  private static final Set<String> OBJECT_PARAMETERS =
      Set.of("uploads", "uploadId", "partNumber", "versionId", "x-id");
  private static final Set<String> LISTING_PARAMETERS =
      Set.of(
          "list-type",
          "prefix",
          "delimiter",
          "continuation-token",
          "start-after",
          "max-keys",
          "encoding-type",
          "fetch-owner",
          "x-id");
  private static final Set<String> DELETE_PARAMETERS = Set.of("delete", "x-id");

  // Headers that would make S3 read another object (a server-side copy) or change who may read
  // one: never signed.
  private static final List<String> REFUSED_HEADERS =
      List.of(
          "x-amz-copy-source",
          "x-amz-acl",
          "x-amz-grant-",
          "x-amz-website-redirect-location",
          "x-amz-object-lock-",
          "x-amz-bypass-governance-retention");

  // Replaced by Firn when it signs a body it checked.
  private static final Set<String> BODY_HEADERS =
      Set.of("content-md5", "x-amz-sdk-checksum-algorithm", "x-amz-trailer");

  private final URI endpoint;
  private final boolean pathStyle;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /**
   * @param storage the storage properties handed to clients ({@code s3.endpoint}, {@code
   *     s3.path-style-access}, {@code client.region})
   * @param server the catalog's own storage properties, whose keys sign
   */
  RemoteSigner(Map<String, String> storage, Map<String, String> server) {
    String given = storage.get("s3.endpoint");
    this.endpoint = given == null ? null : URI.create(given);
    this.pathStyle = Boolean.parseBoolean(storage.getOrDefault("s3.path-style-access", "false"));
    this.region = storage.getOrDefault("client.region", "us-east-1");
    String key = server.get("s3.access-key-id");
    String secret = server.get("s3.secret-access-key");
    this.credentials =
        key != null && secret != null
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))
            : DefaultCredentialsProvider.builder().build();
  }

  /** Whether a request to sign only reads. */
  static boolean reads(RemoteSignRequest request) {
    return READS.contains(request.method().toUpperCase(Locale.ROOT));
  }

  /**
   * Signs the request when everything it touches lies inside {@code table}.
   *
   * @throws ForbiddenException when it reaches another host, bucket or path
   * @throws BadRequestException when it is not an S3 request Firn signs
   */
  RemoteSignResponse sign(TableLocation table, RemoteSignRequest request) {
    if (!"s3".equals(request.provider())) {
      throw new BadRequestException("Cannot sign for provider %s (only s3)", request.provider());
    }
    String method = request.method().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new BadRequestException("Cannot sign method %s", request.method());
    }
    URI uri = request.uri();
    String[] bucketAndKey = bucketAndKey(uri, table);
    String location = "s3://" + bucketAndKey[0] + "/" + bucketAndKey[1];
    Map<String, String> query = query(uri, uri.getRawQuery());
    for (String header : request.headers().keySet()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (REFUSED_HEADERS.stream().anyMatch(lower::startsWith)) {
        throw refused(uri, "a request with header " + header);
      }
    }
    List<String> paths = new ArrayList<>();
    String checkedBody = null;
    if ("POST".equals(method) && query.containsKey("delete") && bucketAndKey[1].isEmpty()) {
      // A bulk delete: every key it names, in the body the signature then covers.
      only(uri, query, DELETE_PARAMETERS);
      checkedBody = request.body();
      for (String key : deletedKeys(checkedBody)) {
        paths.add("s3://" + bucketAndKey[0] + "/" + key);
      }
    } else if (bucketAndKey[1].isEmpty()) {
      // A listing: only of a prefix inside the table, which S3 matches as a string.
      only(uri, query, LISTING_PARAMETERS);
      String prefix = query.get("prefix");
      if (!"GET".equals(method) || prefix == null || prefix.isEmpty()) {
        throw refused(uri, "a request on the whole bucket");
      }
      String listed = "s3://" + bucketAndKey[0] + "/" + prefix;
      if (table.roots().stream().noneMatch(root -> listed.startsWith(root + "/"))) {
        throw refused(uri, "a listing of a prefix that is not inside the table location");
      }
    } else {
      only(uri, query, OBJECT_PARAMETERS);
      paths.add(location);
    }
    for (String path : paths) {
      table
          .refusal(path)
          .ifPresent(
              reason -> {
                throw refused(uri, reason);
              });
    }
    return signed(method, uri, request.headers(), request.region(), checkedBody);
  }

  /**
   * Signs the request; with {@code body}, the one Firn checked, the signature covers its hash and
   * its {@code Content-MD5}, so S3 refuses any other body sent with it.
   */
  private RemoteSignResponse signed(
      String method,
      URI uri,
      Map<String, List<String>> headers,
      String requestRegion,
      String body) {
    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          // Firn sets these itself; the client's own would be signed as sent.
          boolean replaced =
              lower.equals("authorization")
                  || lower.equals("x-amz-date")
                  || lower.equals("x-amz-content-sha256")
                  || lower.equals("x-amz-security-token")
                  || body != null
                      && (BODY_HEADERS.contains(lower) || lower.startsWith("x-amz-checksum-"));
          if (!replaced) {
            unsigned.putHeader(name, values);
          }
        });
    byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    if (payload != null) {
      unsigned.putHeader("Content-MD5", contentMd5(payload));
    }
    SignedRequest signed =
        signer.sign(
            request ->
                request
                    .identity(credentials.resolveCredentials())
                    .request(unsigned.build())
                    .payload(payload == null ? null : ContentStreamProvider.fromByteArray(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(
                        AwsV4HttpSigner.REGION_NAME,
                        requestRegion == null || requestRegion.isEmpty() ? region : requestRegion)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payload != null));
    Map<String, List<String>> answer = new LinkedHashMap<>(signed.request().headers());
    return ImmutableRemoteSignResponse.builder()
        .uri(signed.request().getUri())
        .headers(answer)
        .build();
  }

  /** The base64 MD5 of a body, for {@code Content-MD5}. */
  private static String contentMd5(byte[] body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no MD5", e);
    }
  }

  /** Refuses a request with a query parameter outside {@code allowed}. */
  private static void only(URI uri, Map<String, String> query, Set<String> allowed) {
    for (String name : query.keySet()) {
      if (!allowed.contains(name)) {
        throw refused(uri, "a request with query parameter " + name);
      }
    }
  }

  /**
   * The bucket and key a request names, on the warehouse's endpoint, path-style or not; on Amazon
   * S3, only in the table's own bucket.
   */
  private String[] bucketAndKey(URI uri, TableLocation table) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (endpoint != null) {
      String endpointHost = endpoint.getHost().toLowerCase(Locale.ROOT);
      boolean samePort = port(uri) == port(endpoint);
      if (host.equals(endpointHost) && samePort) {
        return splitBucket(uri, trimmed);
      }
      if (!pathStyle && host.endsWith("." + endpointHost) && samePort) {
        return new String[] {host.substring(0, host.length() - endpointHost.length() - 1), trimmed};
      }
      throw refused(uri, "another host than the warehouse's storage endpoint " + endpoint);
    }
    // Amazon S3: bucket.s3[.region].amazonaws.com/key, or s3[.region].amazonaws.com/bucket/key,
    // for the table's own bucket only, so a dotted bucket name cannot be read two ways.
    String bucket = bucketOf(table.location());
    if (AWS_HOST.matcher(host).matches()) {
      String[] parts = splitBucket(uri, trimmed);
      if (parts[0].equals(bucket)) {
        return parts;
      }
    } else if (host.startsWith(bucket + ".")
        && AWS_HOST.matcher(host.substring(bucket.length() + 1)).matches()) {
      return new String[] {bucket, trimmed};
    }
    throw refused(uri, "another host than Amazon S3 for the table's bucket " + bucket);
  }

  private static final java.util.regex.Pattern AWS_HOST =
      java.util.regex.Pattern.compile("s3([.-][a-z0-9-]+)?\\.amazonaws\\.com");

  private static String bucketOf(String location) {
    String rest = location.substring(location.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static String[] splitBucket(URI uri, String path) {
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    if (bucket.isEmpty()) {
      throw refused(uri, "no bucket");
    }
    return new String[] {bucket, slash < 0 ? "" : path.substring(slash + 1)};
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** The keys a DeleteObjects body names. */
  static List<String> deletedKeys(String body) {
    if (body == null || body.isBlank()) {
      throw new BadRequestException("A bulk delete to sign needs its body");
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      // Whatever namespace or prefix a Key element carries, S3 reads it as a key.
      factory.setNamespaceAware(true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      NodeList keys =
          builder
              .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
              .getElementsByTagNameNS("*", "Key");
      List<String> deleted = new ArrayList<>();
      for (int i = 0; i < keys.getLength(); i++) {
        deleted.add(keys.item(i).getTextContent());
      }
      if (deleted.isEmpty()) {
        throw new BadRequestException("A bulk delete to sign names no key");
      }
      return deleted;
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new BadRequestException("Cannot read the bulk delete to sign: %s", e.getMessage());
    }
  }

  /** The query parameters; one given twice is refused, as S3 and Firn might read different ones. */
  private static Map<String, String> query(URI uri, String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = percentDecoded(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : percentDecoded(pair.substring(equals + 1));
      if (query.put(name, value) != null) {
        throw refused(uri, "a request with query parameter " + name + " given twice");
      }
    }
    return query;
  }

  /** Percent-decoding as S3 reads a query: {@code +} stays a plus. */
  private static String percentDecoded(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static ForbiddenException refused(URI uri, String reason) {
    return new ForbiddenException("Forbidden: will not sign %s: %s", uri, reason);
  }
}
