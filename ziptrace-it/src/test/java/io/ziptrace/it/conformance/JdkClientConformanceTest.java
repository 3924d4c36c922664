package io.ziptrace.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Tags;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.conformance.RecordingServer.Received;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The client conformance suite against {@code java.net.http.HttpClient} with {@link TracingHttpClient}. */
class JdkClientConformanceTest extends HttpClientConformance {
  @Override
  ClientUnderTest newClient() {
    return new JdkClient();
  }

  @Test
  @Override
  void redirect() {
    Assumptions.abort("not applicable: HttpClient follows redirects inside one send, with no hook per hop, so "
        + "TracingHttpClient traces the whole call as one CLIENT span (see aFollowedRedirectIsOneClientSpan)");
  }

  @Test
  void aFollowedRedirectIsOneClientSpan() throws Exception {
    errorExpected = true;
    start();
    assertThat(get(null, "/foo")).isEqualTo(404);

    FinishedSpan span = clientSpan();
    assertThat(span.tag(Tags.HTTP_PATH)).isEqualTo("/foo");
    assertThat(span.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("404");
    Received foo = server.take(WAIT);
    Received bar = server.take(WAIT);
    assertThat(bar.rawPathAndQuery()).isEqualTo("/bar");
    assertThat(foo.header("X-B3-SpanId")).isEqualTo(bar.header("X-B3-SpanId")).isEqualTo(span.context().spanIdString());
  }

  /**
   * {@link TracingHttpClient} takes the parent explicitly and never makes the client span current
   * anywhere, so the context a callback sees is the one its caller captured.
   */
  static final class JdkClient implements ClientUnderTest {
    private TracingHttpClient http;

    @Override
    public void start(Tracer tracer, HttpClientTracing tracing) {
      http = TracingHttpClient.create(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(WAIT).build(), tracing);
    }

    @Override
    public int send(TraceContext parent, String method, String url, String body) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
          .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
      return http.send(parent, request, BodyHandlers.ofString()).statusCode();
    }

    @Override
    public CompletableFuture<Callback> sendAsync(TraceContext parent, String url) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build();
      return http.sendAsync(parent, request, BodyHandlers.ofString())
          .thenApply(response -> new Callback(response.statusCode(), parent == null ? null : parent.spanIdString()));
    }

    @Override
    public void close() {
      // the JDK client of Java 17 has no close; its threads end once it is unreachable
    }
  }
}
