package io.ziptrace.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A misbehaving collector on loopback: answers each POST with the next scripted {@link Answer}
 * (accepting with 202 once the script runs out) and keeps the spans it accepted.
 */
public final class FaultyCollector implements AutoCloseable {
  /** How the collector answers one POST. */
  @FunctionalInterface
  public interface Answer {
    /** Answers; returns whether the spans in {@code body} count as accepted. */
    boolean answer(HttpExchange exchange, byte[] body) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "faulty-collector");
    thread.setDaemon(true);
    return thread;
  });
  private final Deque<Answer> script = new ArrayDeque<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<zipkin2.Span> accepted = new ArrayList<>();
  private Answer fallback = accept();
  private int requests;

  /** Starts a collector that answers with {@code answers} in turn, then accepts. */
  public FaultyCollector(Answer... answers) throws IOException {
    script.addAll(List.of(answers));
    server = LoopbackSpanServer.start(executor, (exchange, body) -> {
      Answer answer;
      synchronized (this) {
        requests++;
        answer = script.isEmpty() ? fallback : script.poll();
        notifyAll();
      }
      if (answer.answer(exchange, body)) {
        synchronized (this) {
          accepted.addAll(SpanBytesDecoder.JSON_V2.decodeList(body));
        }
      }
    });
  }

  /** Answers every POST after the script with {@code answer}. */
  public synchronized FaultyCollector thenAlways(Answer answer) {
    fallback = answer;
    return this;
  }

  /** 202, keeping the spans. */
  public static Answer accept() {
    return (exchange, body) -> {
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
      return true;
    };
  }

  /** The status with a short body, e.g. 503; {@code headers} are name, value pairs. */
  public static Answer status(int code, String... headers) {
    return (exchange, body) -> {
      for (int i = 0; i + 1 < headers.length; i += 2) exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
      byte[] answer = ("collector says " + code).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
      return code / 100 == 2;
    };
  }

  /** 413 to any message larger than {@code maxBytes}, else 202. */
  public static Answer rejectLargerThan(int maxBytes) {
    return (exchange, body) -> body.length > maxBytes ? status(413).answer(exchange, body) : accept().answer(exchange, body);
  }

  /** 200 with a body that is not what any collector sends. */
  public static Answer garbage() {
    return (exchange, body) -> {
      byte[] answer = {0, (byte) 0xff, '{', '<'};
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
      return true;
    };
  }

  /** Closes the connection without answering, as a crashing collector or a reset would. */
  public static Answer dropConnection() {
    return (exchange, body) -> {
      exchange.close();
      return false;
    };
  }

  /** Answers 202 only after {@code delay}. */
  public static Answer slow(Duration delay) {
    return (exchange, body) -> {
      try {
        Thread.sleep(delay.toMillis()); // the fault under test is a slow answer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return accept().answer(exchange, body);
    };
  }

  /** Never answers (until the collector is closed). */
  public Answer hang() {
    return (exchange, body) -> {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return false;
    };
  }

  /** The URL to POST spans to. */
  public String spansUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans";
  }

  /** POSTs received so far. */
  public synchronized int requests() {
    return requests;
  }

  /** Waits until at least {@code count} POSTs arrived. */
  public synchronized void awaitRequests(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (requests < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("waited 30 s for " + count + " requests; got " + requests);
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** The spans of the POSTs accepted so far. */
  public synchronized List<zipkin2.Span> accepted() {
    return new ArrayList<>(accepted);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
