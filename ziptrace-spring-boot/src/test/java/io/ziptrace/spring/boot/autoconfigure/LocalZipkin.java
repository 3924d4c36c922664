package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.examples.run.ZipkinProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A real Zipkin server for a test: the server jar the build copies (system property {@code
 * zipkin.server.jar}) started on a free loopback port, its output in {@code target/}, stopped on
 * {@link #close()}.
 */
final class LocalZipkin implements AutoCloseable {
  private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(20);
  private final ZipkinProcess process;

  private LocalZipkin(ZipkinProcess process) {
    this.process = process;
  }

  /** Starts the server and waits until it is healthy. */
  static LocalZipkin start() throws Exception {
    URI url = URI.create("http://127.0.0.1:" + freePort());
    return new LocalZipkin(ZipkinProcess.startOrReuse(url, Path.of(System.getProperty("zipkin.server.jar")),
        Path.of("target", "zipkin-" + url.getPort() + ".log"), Duration.ofSeconds(60)));
  }

  /** Where applications POST their spans. */
  String spansUrl() {
    return process.spansUrl();
  }

  /**
   * Waits until Zipkin returns at least {@code count} spans of the trace, which it indexes a little
   * after receiving them, and returns them; fails after 20 s.
   */
  List<Span> awaitTrace(String traceId, int count) throws InterruptedException {
    String json = process.awaitTrace(traceId, count, TRACE_TIMEOUT);
    if (json == null) {
      throw new AssertionError("Zipkin has fewer than " + count + " spans of trace " + traceId + " after "
          + TRACE_TIMEOUT.toSeconds() + " s: " + whatZipkinHas(traceId));
    }
    return SpanBytesDecoder.JSON_V2.decodeList(json.getBytes(StandardCharsets.UTF_8));
  }

  private String whatZipkinHas(String traceId) {
    try {
      return LoopbackHttp.get(process.baseUrl().resolve("/api/v2/trace/" + traceId)).body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.close();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
