package io.ziptrace.reporting.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks a collector URL when a sender is built, so that a typo fails at startup with a message
 * saying what to write instead of failing every send later, and shows URLs in messages without
 * the credentials (user info) or keys (query string) they may hold.
 */
final class CollectorUrl {
  /** Where Zipkin, and the collectors compatible with it, take spans. */
  static final String SPANS_PATH = "/api/v2/spans";

  private CollectorUrl() {}

  /**
   * The URL as a URI, when it is an absolute {@code http} or {@code https} URL with a host, a
   * port from 1 to 65535 if any, and a path other than {@code /}: no Zipkin-compatible collector
   * takes spans at the root. Leading and trailing white space is ignored: a URL taken from a
   * file or an environment variable often ends with a space or a newline.
   *
   * @throws IllegalArgumentException saying what is wrong and what to write instead
   */
  static URI parse(String url) {
    url = url.strip();
    String shown = "collector URL \"" + redact(url) + "\"";
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException(shown + " has no scheme: use " + withHttp(url));
    }
    if (url.length() == schemeEnd + 3) throw new IllegalArgumentException(shown + " has no host");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(shown + " is not a valid URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(shown + " must use http or https, not " + scheme);
    }
    if (uri.getHost() == null) throw new IllegalArgumentException(shown + withoutHost(uri));
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException(shown + " has port " + uri.getPort() + ": a port is from 1 to 65535");
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      throw new IllegalArgumentException(shown + " has no path: Zipkin takes spans at " + spansUrl(uri));
    }
    return uri;
  }

  /** Why a URL has no host: usually a port that is not a number, which makes the whole authority unreadable. */
  private static String withoutHost(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null) return " has no host";
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostAndPort.lastIndexOf(':');
    if (colon < 0 || hostAndPort.endsWith("]")) return " has no valid host";
    String port = hostAndPort.substring(colon + 1);
    return port.isEmpty() ? " has an empty port: remove the colon or write the port"
        : " has port \"" + port + "\", which is not a number from 1 to 65535";
  }

  /** The URL for messages: scheme, host, port and path, without user info, query or fragment. */
  static String display(URI uri) {
    return origin(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /** The hint logged when the collector answers as if nothing took spans at this URL's path. */
  static String pathHint(URI uri) {
    return "the URL's path is probably wrong: Zipkin takes spans at " + spansUrl(uri);
  }

  private static String spansUrl(URI uri) {
    return origin(uri) + SPANS_PATH;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /** What the user probably meant by a URL without a scheme. */
  private static String withHttp(String url) {
    try {
      URI uri = new URI("http://" + url);
      if (uri.getHost() != null) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? spansUrl(uri) : display(uri);
      }
    } catch (URISyntaxException e) {
      // fall through to the general form
    }
    return "http://host:9411" + SPANS_PATH;
  }

  /** A URL that may not parse, without user info, query or fragment. */
  static String redact(String url) {
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < end) end = at;
    }
    String kept = url.substring(0, end);
    int schemeEnd = kept.indexOf("://");
    int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int slash = kept.indexOf('/', authorityStart);
    int authorityEnd = slash < 0 ? kept.length() : slash;
    int at = kept.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) return kept;
    return kept.substring(0, authorityStart) + kept.substring(at + 1);
  }
}
