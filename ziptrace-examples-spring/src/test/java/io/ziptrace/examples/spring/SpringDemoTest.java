package io.ziptrace.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.examples.run.ZipkinProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * The Spring Boot example against a real Zipkin server: one request makes one trace across both
 * applications, down to the backend's query, and the scheduled job makes a trace of its own.
 */
class SpringDemoTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void aRequestAndTheScheduledJobReachZipkinAsTwoTraces() throws Exception {
    URI zipkinUrl = URI.create("http://127.0.0.1:" + freePort());
    try (ZipkinProcess zipkin = ZipkinProcess.startOrReuse(zipkinUrl, Path.of(System.getProperty("zipkin.server.jar")),
        Path.of("target", "zipkin-" + zipkinUrl.getPort() + ".log"), Duration.ofSeconds(60))) {
      String requestTrace;
      String jobTrace;
      try (SpringDemo demo = SpringDemo.start(zipkinUrl)) {
        requestTrace = demo.sendRequest();
        jobTrace = demo.scheduledTraceId(TIMEOUT);
      } // closing the applications delivers the spans still queued

      Map<String, Span> request = byName(zipkin, requestTrace, SpringDemo.SPANS_PER_REQUEST);
      assertThat(request).containsOnlyKeys("http get /", "http get", "http get /items/in-stock", Inventory.QUERY_SPAN);
      Span front = request.get("http get /");
      Span call = request.get("http get");
      Span items = request.get("http get /items/in-stock");
      Span query = request.get(Inventory.QUERY_SPAN);
      assertSpan(front, Span.Kind.SERVER, "frontend", null);
      assertSpan(call, Span.Kind.CLIENT, "frontend", front);
      assertSpan(items, Span.Kind.SERVER, "backend", call);
      assertSpan(query, Span.Kind.CLIENT, "backend", items);
      assertThat(query.remoteServiceName()).isEqualTo(Inventory.DATABASE);

      assertThat(jobTrace).isNotNull().isNotEqualTo(requestTrace);
      List<Span> job = spans(zipkin, jobTrace, SpringDemo.SPANS_OF_SCHEDULED_JOB);
      assertThat(job).hasSize(SpringDemo.SPANS_OF_SCHEDULED_JOB)
          .allSatisfy(span -> assertThat(span.localServiceName()).isEqualTo("backend"));
      Span run = job.stream().filter(span -> span.parentId() == null).findFirst()
          .orElseThrow(() -> new AssertionError("no root span in " + job));
      Span jobQuery = job.stream().filter(span -> span != run).findFirst().orElseThrow();
      assertThat(run.name()).isEqualTo("task stockcheck.checkstock"); // Boot names a scheduled run after its class and method
      assertSpan(jobQuery, Span.Kind.CLIENT, "backend", run);
      assertThat(jobQuery.name()).isEqualTo(Inventory.QUERY_SPAN);
    }
  }

  private static void assertSpan(Span span, Span.Kind kind, String service, Span parent) {
    assertThat(span.kind()).as(span.name()).isEqualTo(kind);
    assertThat(span.localServiceName()).as(span.name()).isEqualTo(service);
    assertThat(span.parentId()).as(span.name()).isEqualTo(parent == null ? null : parent.id());
  }

  private static Map<String, Span> byName(ZipkinProcess zipkin, String traceId, int count) throws Exception {
    return spans(zipkin, traceId, count).stream().collect(Collectors.toMap(Span::name, Function.identity()));
  }

  private static List<Span> spans(ZipkinProcess zipkin, String traceId, int count) throws Exception {
    String json = zipkin.awaitTrace(traceId, count, TIMEOUT);
    assertThat(json).as("Zipkin has the %s spans of trace %s", count, traceId).isNotNull();
    return SpanBytesDecoder.JSON_V2.decodeList(json.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
