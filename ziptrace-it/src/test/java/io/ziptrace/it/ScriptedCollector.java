package io.ziptrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A misbehaving collector on loopback: answers each POST with the next scripted status (then
 * 202 when the script runs out) and keeps the spans of the POSTs it accepted.
 */
final class ScriptedCollector implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Deque<Integer> script = new ArrayDeque<>();
  private final List<zipkin2.Span> accepted = new ArrayList<>();
  private int requests;

  ScriptedCollector(Integer... statuses) throws IOException {
    script.addAll(List.of(statuses));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/api/v2/spans", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      int status;
      synchronized (this) {
        requests++;
        Integer next = script.poll();
        status = next == null ? 202 : next;
        if (status == 202) accepted.addAll(SpanBytesDecoder.JSON_V2.decodeList(body));
      }
      byte[] answer = (status == 202 ? "" : "scripted failure " + status).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  String spansUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans";
  }

  synchronized int requests() {
    return requests;
  }

  synchronized List<zipkin2.Span> accepted() {
    return new ArrayList<>(accepted);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
