package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.zipkin.Zipkin;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a user reads in the log when reporting goes wrong: what happened, how many spans, where, why. */
class CollectorMessagesTest {
  @Test
  void anUnreachableCollectorIsConnectionRefusedNamingTheUrl() {
    String url = "http://127.0.0.1:" + ZipkinServer.freePort() + "/api/v2/spans";
    try (LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(url)).retryTimeout(Duration.ZERO).sendInterval(Duration.ofHours(1)).build();
      try (Tracer tracer = Spans.tracer("unreachable", reporter)) {
        tracer.newTrace().name("lost").start().finish();
        reporter.flush();
      }
      assertThat(log.messages()).containsExactly(
          "gave up sending 1 span to " + url + ": connection refused (1 attempt)",
          "ziptrace reporter closed: unreachable sent 0 spans in 0 messages to " + url + "; dropped 1 (SEND_FAILED 1)");
    }
  }

  @Test
  void aRedirectHintsThatThePathIsWrongWithoutShowingCredentials() throws Exception {
    try (FaultyCollector collector = new FaultyCollector().thenAlways(FaultyCollector.status(302, "Location", "/zipkin/"));
        LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      String url = collector.spansUrl();
      String withSecrets = url.replace("http://", "http://user:s3cret@") + "?key=k3y";
      sendOneSpan(withSecrets);
      assertThat(log.messages()).first().isEqualTo("dropped 1 span refused by " + url + ": HTTP 302: collector says 302"
          + " (redirect to /zipkin/); the URL's path is probably wrong: Zipkin takes spans at " + url);
      assertThat(log.messages()).noneMatch(m -> m.contains("s3cret") || m.contains("k3y"));
    }
  }

  @Test
  void notFoundHintsThatThePathIsWrong() throws Exception {
    try (FaultyCollector collector = new FaultyCollector();
        LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      String url = collector.spansUrl().replace("/api/v2/spans", "/zipkin");
      sendOneSpan(url);
      assertThat(log.messages()).first().asString()
          .startsWith("dropped 1 span refused by " + url + ": HTTP 404: ")
          .endsWith("; the URL's path is probably wrong: Zipkin takes spans at " + collector.spansUrl());
    }
  }

  static void sendOneSpan(String url) {
    AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(url)).sendInterval(Duration.ofHours(1)).build();
    try (Tracer tracer = Spans.tracer("misdirected", reporter)) {
      tracer.newTrace().name("misdirected").start().finish();
      reporter.flush();
    }
  }

  @Test
  void closeSummarizesWhatWasSentAtInfo() throws Exception {
    try (FaultyCollector collector = new FaultyCollector().thenAlways(FaultyCollector.accept());
        LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      AsyncReporter reporter = Zipkin.reporter(collector.spansUrl());
      try (Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("summary")).reporter(reporter).build()) {
        for (int i = 0; i < 3; i++) tracer.newTrace().name("sent").start().finish();
        reporter.flush();
        assertThat(reporter.metrics().spansSent()).isEqualTo(3);
      }
      assertThat(log.messages()).hasSize(1).first().asString()
          .matches("ziptrace reporter closed: summary sent 3 spans in [1-3] messages? to " + java.util.regex.Pattern.quote(collector.spansUrl()));
    }
  }
}
