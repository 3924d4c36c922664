package io.ziptrace.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Requests for the baggage gate tests: a GET of {@code /users} with the given peer and headers. */
final class TestRequests {
  private TestRequests() {}

  /** A request whose peer is {@code remote} with {@code headers} (name, value, ...). */
  static HttpRequestInfo from(InetSocketAddress remote, String... headers) {
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      byName.computeIfAbsent(headers[i], name -> new ArrayList<>()).add(headers[i + 1]);
    }
    return new HttpRequestInfo() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/users";
      }

      @Override
      public String header(String name) {
        List<String> values = byName.get(name);
        return values == null ? null : values.get(0);
      }

      @Override
      public List<String> headers(String name) {
        return byName.getOrDefault(name, List.of());
      }

      @Override
      public InetSocketAddress remoteAddress() {
        return remote;
      }
    };
  }

}
