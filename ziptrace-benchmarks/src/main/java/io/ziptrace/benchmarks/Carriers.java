package io.ziptrace.benchmarks;

import brave.propagation.TraceContext.Extractor;
import brave.propagation.TraceContext.Injector;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.ziptrace.benchmarks.PropagationBenchmark.Sink;
import io.ziptrace.propagation.HeaderSetter;
import io.ziptrace.propagation.MapHeaders;
import io.ziptrace.propagation.Propagation;
import java.util.HashMap;
import java.util.Map;

/**
 * The carriers of the extract-and-inject benchmarks, and each library's access to them. A request
 * is a {@code HashMap} of lowercase names holding, beside the tracing headers, the {@code host},
 * {@code user-agent} and {@code accept} any request has. Every library reads it the same way, the
 * way an HTTP header lookup must: the exact name, then, when absent, a scan ignoring case (ziptrace
 * through {@code MapHeaders.GETTER}, its peers through {@link PropagationBenchmark#getIgnoringCase});
 * and writes into a {@link Sink} that only counts characters.
 */
final class Carriers {
  static final String TRACEPARENT = "00-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01";

  static final HeaderSetter<Sink> ZIPTRACE_SETTER = PropagationBenchmark.ZIPTRACE_SETTER;
  static final brave.propagation.Propagation.Setter<Sink, String> BRAVE_SETTER = (sink, name, value) -> sink.length += value.length();
  static final TextMapSetter<Sink> OTEL_SETTER = (sink, name, value) -> sink.length += value.length();
  static final TextMapGetter<Map<String, String>> OTEL_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : PropagationBenchmark.getIgnoringCase(carrier, key);
    }
  };

  private Carriers() {}

  /** ziptrace: the request's context extracted with {@code propagation}, then injected as received. */
  static Sink ziptrace(Propagation propagation, Map<String, String> request, Sink sink) {
    propagation.inject(propagation.extract(request, MapHeaders.GETTER).context(), sink, ZIPTRACE_SETTER);
    return sink;
  }

  /** OpenTelemetry: the same with {@code propagator}. */
  static Sink otel(TextMapPropagator propagator, Map<String, String> request, Sink sink) {
    propagator.inject(propagator.extract(Context.root(), request, OTEL_GETTER), sink, OTEL_SETTER);
    return sink;
  }

  /** Brave: the same with {@code extractor} and {@code injector}. */
  static Sink brave(Extractor<Map<String, String>> extractor, Injector<Sink> injector, Map<String, String> request, Sink sink) {
    injector.inject(extractor.extract(request).context(), sink);
    return sink;
  }

  /** A request with {@code nameValues} (name, value, name, value...) beside the usual headers. */
  static Map<String, String> request(String... nameValues) {
    Map<String, String> headers = new HashMap<>();
    headers.put("host", "api.example.com");
    headers.put("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
    headers.put("accept", "application/json");
    for (int i = 0; i < nameValues.length; i += 2) headers.put(nameValues[i], nameValues[i + 1]);
    return headers;
  }

  /** B3 multi headers of the same trace as {@link #TRACEPARENT}, then {@code more}. */
  static Map<String, String> b3Request(String... more) {
    String[] b3 = {"x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124", "x-b3-spanid", "a2fb4a1d1a96d312",
        "x-b3-parentspanid", "0020000000000001", "x-b3-sampled", "1"};
    String[] all = java.util.Arrays.copyOf(b3, b3.length + more.length);
    System.arraycopy(more, 0, all, b3.length, more.length);
    return request(all);
  }
}
