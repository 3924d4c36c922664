package io.ziptrace.benchmarks;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spans POSTed to a collector as fast as it answers, from several connections at once, as JSON
 * messages encoded once up front: what the collector accepts this way is the most any client
 * can deliver to it, encoding and queueing cost nothing here.
 */
final class PreEncodedLoad {
  private static final int DISTINCT_MESSAGES = 16;

  private final URI spansUrl;
  private final List<byte[]> messages = new ArrayList<>();
  private final int spansPerMessage;

  /** Messages of the benchmark workload's spans, each as large as fits in {@code messageMaxBytes}. */
  PreEncodedLoad(String spansUrl, int messageMaxBytes) {
    this.spansUrl = URI.create(spansUrl);
    SpanEncoder encoder = SpanEncoder.of(Encoding.JSON);
    int perSpan = encoder.sizeInBytes(Fixtures.hundredSpans().get(0));
    int count = (int) ((long) messageMaxBytes / perSpan) + 1;
    while (!encodeAll(encoder, count, messageMaxBytes)) count--; // spans differ by a few digits
    this.spansPerMessage = count;
  }

  /** Encodes the messages of {@code count} spans each, or returns false when one would not fit. */
  private boolean encodeAll(SpanEncoder encoder, int count, int messageMaxBytes) {
    messages.clear();
    for (int m = 0; m < DISTINCT_MESSAGES; m++) {
      byte[] message = encoder.encodeList(Fixtures.spans(count, (long) m * count));
      if (message.length > messageMaxBytes) return false;
      messages.add(message);
    }
    return true;
  }

  int spansPerMessage() {
    return spansPerMessage;
  }

  int messageBytes() {
    return messages.get(0).length;
  }

  /**
   * POSTs messages over {@code connections} connections, each waiting for its answer before the
   * next, for {@code length}.
   *
   * @param sharedClient whether the connections share one {@link HttpClient} (one selector
   *     thread for all, as a reporter's one {@code HttpSender} has) or each has its own
   * @return how many spans the collector answered 2xx for
   */
  long run(int connections, Duration length, boolean sharedClient) throws InterruptedException {
    HttpClient shared = sharedClient ? newClient() : null;
    AtomicLong accepted = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int first = c;
      Thread thread = new Thread(() -> {
        HttpClient client = sharedClient ? shared : newClient();
        for (int i = first; System.nanoTime() - end < 0; i++) {
          HttpRequest request = HttpRequest.newBuilder(spansUrl).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(messages.get(i % messages.size()))).build();
          try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) accepted.addAndGet(spansPerMessage); else failures.incrementAndGet();
          } catch (IOException e) {
            failures.incrementAndGet();
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "pre-encoded-load-" + c);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) thread.join();
    if (failures.get() > 0) System.err.println(failures.get() + " POSTs failed at " + connections + " connections");
    return accepted.get();
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}
