package io.ziptrace.reporting.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The head of every HTTP/1.1 POST to one collector URL, built once: request line, {@code Host},
 * the sender's headers, and a {@code Content-Length} whose digits are the only part that changes
 * between messages.
 */
final class RequestHead {
  private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Everything up to the value of {@code Content-Length}. */
  private final byte[] prefix;

  RequestHead(URI endpoint, Map<String, String> headers) {
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(target(endpoint)).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(endpoint.getHost());
    if (endpoint.getPort() != -1) head.append(':').append(endpoint.getPort());
    head.append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ");
    this.prefix = head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The head of a POST whose body is {@code contentLength} bytes long. */
  byte[] forLength(int contentLength) {
    byte[] digits = Integer.toString(contentLength).getBytes(StandardCharsets.US_ASCII);
    byte[] head = Arrays.copyOf(prefix, prefix.length + digits.length + END.length);
    System.arraycopy(digits, 0, head, prefix.length, digits.length);
    System.arraycopy(END, 0, head, prefix.length + digits.length, END.length);
    return head;
  }

  /** The request target: the URL's path and query, encoded as given. */
  private static String target(URI endpoint) {
    String path = endpoint.getRawPath();
    String query = endpoint.getRawQuery();
    return query == null ? path : path + "?" + query;
  }
}
