package io.ziptrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import zipkin2.Span;

/**
 * The three spans of a request whose handler calls another server through Boot's instrumented
 * client: the SERVER span, its CLIENT child ({@code http get}), and the called SERVER span, the
 * CLIENT span's child.
 */
record ServerClientServer(Span server, Span client, Span callee) {
  /** The name Boot gives a client span of a GET. */
  static final String CLIENT_NAME = "http get";

  /**
   * Finds the three in {@code trace} by name, asserting that it has no others, and their kinds and
   * parents.
   */
  static ServerClientServer of(List<Span> trace, String serverName, String calleeName) {
    Map<String, Span> spans = trace.stream().collect(Collectors.toMap(Span::name, Function.identity()));
    assertThat(spans).containsOnlyKeys(serverName, CLIENT_NAME, calleeName);
    ServerClientServer call = new ServerClientServer(spans.get(serverName), spans.get(CLIENT_NAME),
        spans.get(calleeName));
    assertThat(call.server().kind()).isEqualTo(Span.Kind.SERVER);
    assertThat(call.client().kind()).isEqualTo(Span.Kind.CLIENT);
    assertThat(call.client().parentId()).isEqualTo(call.server().id());
    assertThat(call.callee().kind()).isEqualTo(Span.Kind.SERVER);
    assertThat(call.callee().parentId()).isEqualTo(call.client().id());
    return call;
  }
}
