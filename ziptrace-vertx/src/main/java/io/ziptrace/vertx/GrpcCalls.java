package io.ziptrace.vertx;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.spi.observability.HttpResponse;
import io.ziptrace.Span;
import io.ziptrace.Tags;
import io.ziptrace.http.HttpRequestInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * gRPC calls among the HTTP/2 requests Vert.x's servers and clients trace ({@code
 * vertx-grpc-server}, {@code vertx-grpc-client}, or any gRPC peer): known by their {@code
 * content-type} ({@code application/grpc}, {@code application/grpc+proto}, ...), so that no gRPC
 * class is needed. Their HTTP spans are named as gRPC's own instrumentations (Micrometer's
 * observations, Brave's) name them, {@code <package.Service>/<Method>}, and tagged as Micrometer
 * tags them: {@code rpc.system}, {@code rpc.service}, {@code rpc.method}, and {@code
 * grpc.status_code} with the status name ({@code OK}, {@code NOT_FOUND}), whatever the status. A
 * status other than {@code OK} is the span's {@code error}, as Brave records it, with the {@code
 * grpc-message} when one came: a failed call shows as failed in Zipkin even though its HTTP
 * status is 200.
 *
 * <p>The HTTP tags the configured HTTP parsers record stay ({@code http.path}, {@code
 * http.status_code}...): the call is an HTTP/2 exchange, so HTTP skip rules and parsers keep
 * applying to it, and a status other than 200 (a proxy's 503, a server's 415) is the HTTP error
 * it is. gRPC-Web ({@code application/grpc-web}) carries its status in the body and is left as
 * plain HTTP.
 */
final class GrpcCalls {
  /** The status names by code, as the gRPC specification numbers them. */
  private static final String[] STATUS_NAMES = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
      "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  private GrpcCalls() {}

  /**
   * Whether {@code request} is a gRPC call; if so, names {@code span} after its method and tags
   * its service and method. A request that is not one is left as it is, and so is an unsampled
   * span, which records nothing.
   */
  static boolean describe(Span span, HttpRequestInfo request) {
    if (span.isNoop() || !isGrpc(request.header("content-type"))) return false;
    // The path is /<package.Service>/<Method>: the last slash parts them.
    String path = request.path();
    int slash = path.lastIndexOf('/');
    if (slash <= 1 || slash == path.length() - 1) return false;
    String service = path.substring(1, slash);
    String method = path.substring(slash + 1);
    span.name(service + "/" + method);
    span.tag("rpc.system", "grpc");
    span.tag("rpc.service", service);
    span.tag("rpc.method", method);
    return true;
  }

  /**
   * A {@code grpc-timeout} header's value as a duration ({@code 100m}, {@code 30S}, {@code 2H}:
   * at most 8 digits and a unit of hours, minutes, seconds, milli-, micro- or nanoseconds): the
   * deadline a gRPC call carries, so that a call allowed to last longer than the response timeout,
   * a long stream say, is not cut short by it; null when absent or malformed.
   */
  static Duration timeout(String header) {
    if (header == null) return null;
    String value = header.trim();
    int digits = value.length() - 1;
    if (digits < 1 || digits > 8) return null;
    for (int i = 0; i < digits; i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') return null;
    }
    long amount = Long.parseLong(value, 0, digits, 10);
    switch (value.charAt(digits)) {
      case 'H': return Duration.ofHours(amount);
      case 'M': return Duration.ofMinutes(amount);
      case 'S': return Duration.ofSeconds(amount);
      case 'm': return Duration.ofMillis(amount);
      case 'u': return Duration.ofNanos(amount * 1_000);
      case 'n': return Duration.ofNanos(amount);
      default: return null;
    }
  }

  /** Whether a content type is gRPC's: {@code application/grpc}, alone or with a {@code +format} or parameters. */
  private static boolean isGrpc(String contentType) {
    if (contentType == null) return false;
    String type = contentType.trim().toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/grpc")) return false;
    if (type.length() == "application/grpc".length()) return true;
    char next = type.charAt("application/grpc".length());
    return next == '+' || next == ';' || next == ' ';
  }

  /**
   * Tags the gRPC status of a call's response, when it carries one: in the trailers, or in the
   * headers of a response that has no body ("trailers-only", how a call failing before any
   * message ends). Nothing is tagged when the status is not there to read.
   */
  static void status(Span span, Object response) {
    String code = header(response, "grpc-status");
    if (code == null) return;
    String name = statusName(code.trim());
    span.tag("grpc.status_code", name);
    if ("OK".equals(name)) return;
    String message = header(response, "grpc-message");
    span.tag(Tags.ERROR, message == null || message.isEmpty() ? name : name + ": " + decode(message));
  }

  /** A trailer of the response, or the header of that name for a trailers-only response; null when neither. */
  private static String header(Object response, String name) {
    MultiMap trailers = null;
    MultiMap headers = null;
    if (response instanceof HttpServerResponse) {
      trailers = ((HttpServerResponse) response).trailers();
      headers = ((HttpServerResponse) response).headers();
    } else if (response instanceof HttpResponse) {
      headers = ((HttpResponse) response).headers(); // a client's: the head alone, so trailers-only answers are read
    }
    String value = trailers == null ? null : trailers.get(name);
    if (value == null && headers != null) value = headers.get(name);
    return value;
  }

  /** The status name for a code ({@code 5} is {@code NOT_FOUND}); a code out of the specification's range as sent. */
  private static String statusName(String code) {
    try {
      int number = Integer.parseInt(code);
      return number >= 0 && number < STATUS_NAMES.length ? STATUS_NAMES[number] : code;
    } catch (NumberFormatException e) {
      return code;
    }
  }

  /** A {@code grpc-message}, which travels percent-encoded UTF-8; kept as sent when malformed. */
  private static String decode(String message) {
    if (message.indexOf('%') < 0) return message;
    try {
      return URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8); // '+' is itself in gRPC
    } catch (IllegalArgumentException e) {
      return message;
    }
  }
}
