package io.ziptrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A collector on loopback that accepts every POST and keeps only the span ids it received, in
 * a growing {@code long[]}, so that a long stress run can check millions of spans for loss and
 * duplicates without holding the spans themselves.
 */
public final class IdCountingCollector implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "id-counting-collector");
    thread.setDaemon(true);
    return thread;
  });
  private long[] ids = new long[1 << 16];
  private int count;

  /** Starts the collector on a free loopback port. */
  public IdCountingCollector() throws IOException {
    server = LoopbackSpanServer.start(executor, (exchange, body) -> {
      long[] received = SpanBytesDecoder.JSON_V2.decodeList(body).stream()
          .mapToLong(span -> Long.parseUnsignedLong(span.id(), 16)).toArray();
      add(received);
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
  }

  /** The URL to POST spans to. */
  public String spansUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans";
  }

  /** How many spans arrived so far. */
  public synchronized int received() {
    return count;
  }

  /** How many different span ids arrived so far. */
  public synchronized int distinct() {
    long[] sorted = Arrays.copyOf(ids, count);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) distinct++;
    }
    return distinct;
  }

  private synchronized void add(long[] received) {
    if (count + received.length > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, count + received.length));
    System.arraycopy(received, 0, ids, count, received.length);
    count += received.length;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
