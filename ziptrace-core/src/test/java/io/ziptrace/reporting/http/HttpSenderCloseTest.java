package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSenderCloseTest {
  static final Pattern SELECTOR_THREAD = Pattern.compile("HttpClient-\\d+-SelectorManager");
  static final byte[] EMPTY_LIST = "[]".getBytes(StandardCharsets.UTF_8);

  final CountDownLatch slowRequestArrived = new CountDownLatch(1);
  final CountDownLatch releaseSlowRequests = new CountDownLatch(1);
  LoopbackCollector collector;
  String url;

  @BeforeEach
  void startCollector() throws IOException {
    collector = new LoopbackCollector().handle("/api/v2/spans", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getQuery() != null) { // ?slow: answer only once the test is over
          slowRequestArrived.countDown();
          try {
            releaseSlowRequests.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 202 : 405, -1);
      }
    }).start();
    url = collector.url("/api/v2/spans");
  }

  @AfterEach
  void stopCollector() {
    releaseSlowRequests.countDown();
    collector.close();
  }

  @Test
  void closeEndsTheHttp2ClientsSelectorThread() throws IOException {
    assumeTrue(Runtime.version().feature() >= 21,
        "HttpClient.shutdownNow() is JDK 21+; on 17 the selector thread only ends once the client is collected");
    Set<String> before = selectorThreads();
    HttpSender sender = HttpSender.builder(url).http2(true).build();
    Set<String> ours;
    try {
      sender.send(EMPTY_LIST, 0);
      ours = selectorThreads();
      ours.removeAll(before);
      assertThat(ours).isNotEmpty();
    } finally {
      sender.close();
    }

    await(() -> selectorThreads().stream().noneMatch(ours::contains));
    assertThat(selectorThreads()).doesNotContainAnyElementsOf(ours);
    Reference.reachabilityFence(sender); // ended by close(), not by the client being collected
  }

  @ParameterizedTest(name = "http2 {0}")
  @ValueSource(booleans = {false, true})
  void closeIsIdempotentAndSendAfterCloseFailsWithoutWaiting(boolean http2) throws IOException {
    HttpSender sender = HttpSender.builder(url).http2(http2).build();
    sender.send(EMPTY_LIST, 0);

    sender.close();
    assertThatCode(sender::close).doesNotThrowAnyException();

    CompletableFuture<Throwable> sent = sendInBackground(sender);
    assertThat(sent).succeedsWithin(Duration.ofSeconds(5))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e).hasMessageContaining("sender is closed"));
  }

  @ParameterizedTest(name = "http2 {0}")
  @ValueSource(booleans = {false, true})
  void closeFailsARequestInFlight(boolean http2) throws Exception {
    HttpSender sender = HttpSender.builder(url + "?slow").http2(http2).build();
    CompletableFuture<Throwable> sent = sendInBackground(sender);
    assertThat(slowRequestArrived.await(5, TimeUnit.SECONDS)).isTrue();

    sender.close();

    assertThat(sent).succeedsWithin(Duration.ofSeconds(5)).isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e).hasMessageContaining("sender is closed"));
  }

  @ParameterizedTest(name = "http2 {0}")
  @ValueSource(booleans = {false, true})
  void aReporterClosingOverAPostTheCollectorNeverAnswersReturnsAtItsCloseTimeout(boolean http2) throws Exception {
    AsyncReporter reporter = AsyncReporter.builder(HttpSender.builder(url + "?slow").http2(http2).build())
        .closeTimeout(Duration.ofMillis(300)).build();
    reporter.report(FinishedSpan.builder(TraceContext.builder().traceId(7L).spanId(8L).build()).name("stuck").build());
    assertThat(slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    reporter.close();

    // a blocking socket read ignores the interrupt: the sender must be closed to end it
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_200));
    assertThat(reporter.metrics().spansDropped(DropReason.CLOSED)).isEqualTo(1);
  }

  static Set<String> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> SELECTOR_THREAD.matcher(name).matches())
        .collect(Collectors.toCollection(HashSet::new));
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) return; // the caller's assertion reports the failure
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Sends an empty list on another thread; the future holds what send threw, or null. */
  private static CompletableFuture<Throwable> sendInBackground(HttpSender sender) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        sender.send(EMPTY_LIST, 0);
        return null;
      } catch (Throwable e) {
        return e;
      }
    });
  }
}
