package io.ziptrace.it.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.Figures;
import io.ziptrace.it.http.TracedServers;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
import io.ziptrace.vertx.VertxTracing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tracestate}, {@code baggage} and a baggage field's own header at their most hostile
 * (a megabyte, ten thousand members, broken percent-escapes, control characters, bare CR and
 * LF, non-ASCII bytes, duplicated keys and duplicated header fields), written byte for byte on a
 * socket to a JDK server traced by {@link TracingFilter} and a Vert.x server traced by {@link
 * VertxTracing}, each beside an untraced twin. The traced handlers call a recording server through
 * {@link TracingHttpClient}.
 *
 * <p>For every request the framework itself accepts (its untraced twin answers 200), the traced
 * handler runs, its call downstream succeeds and it answers 200: nothing reaches the application
 * as an exception. What a context keeps stays bounded, and so does the heap over repeated rounds.
 * What goes downstream is absent or valid by the W3C grammars ({@link W3cGrammar}), with no
 * control character and no header that ziptrace does not write, and agrees with the handler's
 * context.
 */
class HostileTraceStateAndBaggageTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("x-user-id").taggedAs("user.id");
  static final BaggageField TENANT = BaggageField.remote("tenant");
  static final BaggageField REGION = BaggageField.remote("region");
  /** Local: never read from a request, never written on one. */
  static final BaggageField SESSION = BaggageField.local("session");
  static final List<String> REMOTE_KEYS = List.of("user_id", "tenant", "region");
  /** W3C first, so that {@code tracestate} comes into play; B3 when no valid {@code traceparent} came. */
  static final Propagation W3C_AND_B3 = CompositePropagation.of(TraceparentPropagation.create(), B3Propagation.multi());
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  static final String OTHER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final int MEBIBYTE = 1 << 20;
  /** A field's own header is read and written only up to this length (BaggagePropagation). */
  static final int MAX_OWN_HEADER = 4096;
  /** What one context may keep of baggage: the W3C header's limit, plus one field's own header. */
  static final int MAX_BAGGAGE_KEPT = W3cGrammar.BAGGAGE_MAX_BYTES + MAX_OWN_HEADER;
  /** The longest valid tracestate: 32 members of a 256-character key and value, 31 commas. */
  static final int MAX_TRACESTATE_KEPT = 32 * (256 + 1 + 256) + 31;
  /** Heap growth allowed over the repeated rounds, each of which sends megabytes. */
  static final long MAX_HEAP_GROWTH = 16L << 20;
  static final int ROUNDS = 5;
  static final List<String> SERVERS = List.of("jdk", "vertx");
  static final Duration WAIT = Duration.ofSeconds(30);
  /** Every header the traced call downstream may carry: the JDK client's own and ziptrace's. */
  static final Set<String> OUTGOING = Set.of("host", "user-agent", "content-length", "connection", "traceparent",
      "tracestate", "baggage", "x-user-id", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
      "x-b3-flags");

  /** What a hostile request carries beyond its request line, and what is expected of it in particular. */
  record Hostile(String name, String headerLines, Expectation expectation) {
    Hostile(String name, String headerLines) {
      this(name, headerLines, (sent, handled) -> {});
    }

    /**
     * True when the header block is plain HTTP: printable ASCII (and tab) on lines each ended by
     * CR LF and none folded onto the next, whatever its size. Every HTTP/1.1 server that allows
     * headers this large must hand such a request to its handler.
     */
    boolean plainHttp() {
      for (int i = 0; i < headerLines.length(); i++) {
        char c = headerLines.charAt(i);
        if (c == '\r') {
          if (i + 1 >= headerLines.length() || headerLines.charAt(i + 1) != '\n') return false;
          if (i + 2 < headerLines.length() && (headerLines.charAt(i + 2) == ' ' || headerLines.charAt(i + 2) == '\t')) return false;
          i++;
        } else if (c == '\n' || c < 0x20 && c != '\t' || c >= 0x7f) {
          return false;
        }
      }
      return true;
    }
  }

  /** A check of one case, given what went downstream and the context the handler saw. */
  @FunctionalInterface
  interface Expectation {
    void check(Downstream sent, TraceContext handled);
  }

  /** The headers of the call the handler made, names in lowercase, every field of each. */
  record Downstream(Map<String, List<String>> headers) {
    List<String> all(String name) {
      return headers.getOrDefault(name, List.of());
    }

    /** The fields of a header combined as one list, or null when absent. */
    String combined(String name) {
      return headers.containsKey(name) ? String.join(",", headers.get(name)) : null;
    }
  }

  /** What the handler saw: its span's context, and what failed when it made its call. */
  record Handled(TraceContext context, String failure) {}

  /** The status a raw request got, -1 when the connection failed; and what it said. */
  record Answer(int status, String said) {}

  final Map<String, Handled> handled = new ConcurrentHashMap<>();
  final Map<String, List<Map<String, List<String>>>> recorded = new ConcurrentHashMap<>();
  /** The first problem of each request that had one: every case is reported, not only the first to fail. */
  final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<String> recordingFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicInteger longestTag = new AtomicInteger();
  final AtomicLong spansReported = new AtomicLong();
  Tracer tracer;
  ServerSocket recording;
  ExecutorService recordingExecutor;
  TracingHttpClient client;
  TracedServers.Running jdk;
  TracedServers.Running jdkUntraced;
  Vertx vertx;
  Vertx vertxUntraced;
  int vertxPort;
  int vertxUntracedPort;

  @BeforeEach
  void start() throws Exception {
    tracer = Tracer.builder().localEndpoint(Endpoint.of("hostile_headers")).baggageFields(USER_ID, TENANT, REGION, SESSION)
        .reporter(span -> {
          spansReported.incrementAndGet();
          for (int i = 0; i < span.tagCount(); i++) longestTag.accumulateAndGet(span.tagValue(i).length(), Math::max);
        }).build();
    HttpServerTracing serverTracing = HttpServerTracing.builder(tracer).propagation(W3C_AND_B3).build();
    HttpClientTracing clientTracing = HttpClientTracing.builder(tracer).propagation(W3C_AND_B3).build();
    client = TracingHttpClient.create(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), clientTracing);

    recording = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    recordingExecutor = Executors.newCachedThreadPool();
    recordingExecutor.execute(() -> {
      while (!recording.isClosed()) {
        try {
          Socket socket = recording.accept();
          recordingExecutor.execute(() -> record(socket));
        } catch (IOException e) {
          // closed at the end of the test
        }
      }
    });

    jdk = TracedServers.start();
    jdk.context("/hostile", exchange -> {
      String key = "jdk " + exchange.getRequestURI().getRawQuery();
      int status = callDownstream(key, TracingFilter.span(exchange).context()).join();
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    }).getFilters().add(TracingFilter.create(serverTracing));
    jdkUntraced = TracedServers.start();
    jdkUntraced.context("/hostile", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });

    vertx = Vertx.builder().withTracer(VertxTracing.builder(tracer).serverTracing(serverTracing).clientTracing(clientTracing).build())
        .build();
    vertxPort = await(vertx.createHttpServer(vertxOptions()).requestHandler(request -> {
      Context context = Vertx.currentContext();
      String key = "vertx " + request.query();
      callDownstream(key, VertxTracing.span(context).context())
          .thenAccept(status -> context.runOnContext(ignored -> request.response().setStatusCode(status).end()));
    }).listen(0)).actualPort();
    vertxUntraced = Vertx.vertx();
    vertxUntracedPort = await(vertxUntraced.createHttpServer(vertxOptions())
        .requestHandler(request -> request.response().end()).listen(0)).actualPort();
  }

  /** Headers as large as the hostile ones: a server configured for them, so that ziptrace sees them. */
  static HttpServerOptions vertxOptions() {
    return new HttpServerOptions().setHost("127.0.0.1").setMaxHeaderSize(4 * MEBIBYTE);
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) await(vertx.close());
    if (vertxUntraced != null) await(vertxUntraced.close());
    if (jdk != null) jdk.close();
    if (jdkUntraced != null) jdkUntraced.close();
    if (recording != null) recording.close();
    if (recordingExecutor != null) recordingExecutor.shutdownNow();
    if (tracer != null) tracer.close();
  }

  @Test
  void everyHostileRequestIsHandledAndNothingInvalidGoesDownstream() throws Exception {
    List<Hostile> cases = cases();
    Set<String> refused = new java.util.LinkedHashSet<>(); // "server case": what the framework itself refuses
    int handledRequests = 0;
    for (int i = 0; i < cases.size(); i++) {
      Hostile hostile = cases.get(i);
      for (String server : SERVERS) {
        Answer untraced = send(port(server, false), i, hostile);
        if (hostile.plainHttp()) {
          assertThat(untraced.status()).as("%s, untraced %s: plain HTTP reaches the handler (%s)", hostile.name(), server,
              untraced.said()).isEqualTo(200);
        }
        if (untraced.status() != 200) refused.add(server + " " + i);
        if (sendAndCheck(server, i, hostile, untraced.status() != 200)) handledRequests++;
      }
    }
    assertThat(problems).as("problems, one line per request").isEmpty();
    assertThat(recordingFailures).as("requests the recording server could not read").isEmpty();
    assertThat(handledRequests).as("requests that reached the traced handlers")
        .isGreaterThanOrEqualTo(SERVERS.size() * (int) cases.stream().filter(Hostile::plainHttp).count());

    // The same again, several times: what ziptrace keeps of a request must not outlive it.
    handled.clear();
    recorded.clear();
    System.gc();
    long heapBefore = usedHeap();
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < cases.size(); i++) {
        for (String server : SERVERS) sendAndCheck(server, i, cases.get(i), refused.contains(server + " " + i));
      }
    }
    assertThat(problems).as("problems in the later rounds, one line per request").isEmpty();
    handled.clear();
    recorded.clear();
    System.gc();
    long heapGrowth = usedHeap() - heapBefore;
    assertThat(heapGrowth).as("heap growth after GC over %d more rounds", ROUNDS).isLessThan(MAX_HEAP_GROWTH);
    assertThat(longestTag.get()).as("longest tag value of %d spans", spansReported.get()).isLessThanOrEqualTo(MAX_BAGGAGE_KEPT);
    List<String> refusedNames = refused.stream()
        .map(key -> key.split(" ")[0] + ": " + cases.get(Integer.parseInt(key.split(" ")[1])).name()).toList();
    Figures.print("hostile tracestate and baggage", "%d cases x %d servers: %d handled with 200 and valid headers downstream,"
            + " %d refused by the framework itself, untraced too; %d more rounds: heap %+.1f MB after GC, longest tag %d chars",
        cases.size(), SERVERS.size(), handledRequests, refused.size(), ROUNDS, heapGrowth / 1e6, longestTag.get());
    Figures.print("hostile tracestate and baggage", "refused by the framework: %s", refusedNames);
  }

  int port(String server, boolean traced) {
    if (server.equals("jdk")) return (traced ? jdk : jdkUntraced).uri("/").getPort();
    return traced ? vertxPort : vertxUntracedPort;
  }

  /**
   * Sends case {@code i} to the traced {@code server} and checks everything. When the framework
   * refuses the request untraced, it must refuse it traced too; otherwise the handler must run.
   * True when it ran.
   */
  boolean sendAndCheck(String server, int i, Hostile hostile, boolean frameworkRefuses) {
    String key = server + " case=" + i;
    handled.remove(key);
    recorded.remove(key);
    Answer traced = send(port(server, true), i, hostile);
    String what = hostile.name() + ", " + server;
    try {
      return check(key, traced, hostile, frameworkRefuses);
    } catch (AssertionError e) {
      problems.add(what + ": " + e.getMessage().strip().replaceAll("\\s+", " "));
      return false;
    }
  }

  /** The checks of one request, failing at its first problem. */
  boolean check(String key, Answer traced, Hostile hostile, boolean frameworkRefuses) {
    if (frameworkRefuses) {
      assertThat(traced.status()).as("refused by the framework untraced, so refused traced (%s)", traced.said())
          .isNotEqualTo(200);
      return false;
    }
    Handled seen = handled.get(key);
    assertThat(seen).as("the traced handler ran (answer: %s)", traced.said()).isNotNull();
    assertThat(seen.failure()).as("the handler's call downstream").isNull();
    assertThat(traced.status()).as("the traced handler's answer").isEqualTo(200);
    checkKept(seen.context());
    List<Map<String, List<String>>> calls = recorded.getOrDefault(key, List.of());
    assertThat(calls).as("calls received downstream").hasSize(1);
    Downstream sent = new Downstream(calls.get(0));
    checkSent(sent, seen.context());
    hostile.expectation().check(sent, seen.context());
    return true;
  }

  /** What the handler's context keeps: a valid tracestate, declared remote fields only, bounded. */
  static void checkKept(TraceContext context) {
    if (context.traceState() != null) {
      assertThat(W3cGrammar.traceStateProblems(context.traceState())).as("tracestate kept").isEmpty();
      assertThat(context.traceState().length()).as("tracestate kept").isLessThanOrEqualTo(MAX_TRACESTATE_KEPT);
    }
    assertThat(context.baggage().keySet()).as("baggage read from the request").isSubsetOf(REMOTE_KEYS);
    int kept = context.baggage().values().stream().mapToInt(String::length).sum();
    assertThat(kept).as("characters of baggage kept").isLessThanOrEqualTo(MAX_BAGGAGE_KEPT);
  }

  /** The call downstream: valid headers or none, nothing beyond ASCII, agreeing with the context. */
  static void checkSent(Downstream sent, TraceContext context) {
    assertThat(sent.headers().keySet()).as("headers sent downstream").isSubsetOf(OUTGOING);
    sent.headers().forEach((name, values) -> values.forEach(value -> assertThat(W3cGrammar.characterProblems(value))
        .as("header %s sent downstream: %s", name, W3cGrammar.shorten(value)).isEmpty()));

    assertThat(sent.all("traceparent")).as("traceparent fields sent").hasSize(1);
    String traceparent = sent.all("traceparent").get(0);
    assertThat(W3cGrammar.traceparentProblems(traceparent)).as("traceparent %s", traceparent).isEmpty();
    assertThat(W3cGrammar.traceId(traceparent)).as("trace id sent").isEqualTo(padded(context.traceIdString()));

    String traceState = sent.combined("tracestate");
    if (traceState != null) {
      assertThat(W3cGrammar.traceStateProblems(traceState)).as("tracestate %s", W3cGrammar.shorten(traceState))
          .isEmpty();
    }
    assertThat(traceState).as("tracestate sent is the one kept").isEqualTo(context.traceState());

    String baggage = sent.combined("baggage");
    if (baggage != null) {
      assertThat(W3cGrammar.baggageProblems(baggage, REMOTE_KEYS)).as("baggage %s", W3cGrammar.shorten(baggage))
          .isEmpty();
      W3cGrammar.decodeBaggage(baggage).forEach((key, value) -> assertThat(value)
          .as("baggage %s sent is the value kept", key).isEqualTo(context.baggage().get(key)));
    }
    // Percent-encoded UTF-8 takes at most 9 bytes a character: baggage this short always fits the limit.
    int mostBytes = context.baggage().entrySet().stream().mapToInt(e -> e.getKey().length() + 2 + 9 * e.getValue().length()).sum();
    if (mostBytes <= W3cGrammar.BAGGAGE_MAX_BYTES) {
      assertThat(baggage == null ? Map.of() : W3cGrammar.decodeBaggage(baggage)).as("every field kept is sent")
          .isEqualTo(context.baggage());
    }

    List<String> ownHeader = sent.all("x-user-id");
    String userId = context.baggage(USER_ID);
    if (userId != null && W3cGrammar.plainHeaderProblems(userId, MAX_OWN_HEADER).isEmpty()) {
      assertThat(ownHeader).as("user_id in its own header").containsExactly(userId);
    } else {
      assertThat(ownHeader).as("user_id %s unfit for a header of its own",
          userId == null ? null : W3cGrammar.shorten(userId)).isEmpty();
    }
  }

  static String padded(String traceId) {
    return traceId.length() == 32 ? traceId : "0".repeat(16) + traceId;
  }

  /** The handler's call downstream; the status it answers with: 200 when the call succeeded. */
  CompletableFuture<Integer> callDownstream(String key, TraceContext context) {
    handled.put(key, new Handled(context, null));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recording.getLocalPort()
        + "/recorded?" + key.replace(' ', '&'))).timeout(WAIT).build();
    try {
      return client.sendAsync(context, request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
        if (failure == null && response.statusCode() == 200) return 200;
        handled.put(key, new Handled(context, failure != null ? failure.toString() : "status " + response.statusCode()));
        return 500;
      });
    } catch (RuntimeException e) {
      handled.put(key, new Handled(context, e.toString()));
      return CompletableFuture.completedFuture(500);
    }
  }

  /**
   * Reads one request as its bytes came, each byte one character, and answers 200: a server of
   * its own rather than a framework's, which may fold, trim or split what it reads. Header lines
   * are split at CR LF only, so a bare CR or LF, had one been sent, stays inside its value.
   */
  void record(Socket socket) {
    try (socket) {
      socket.setSoTimeout((int) WAIT.toMillis());
      java.io.InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) return;
        if (head.length() > 4 * MEBIBYTE) throw new IOException("a request head of over 4 MiB");
        head.append((char) b);
      }
      String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
      String target = lines[0].split(" ")[1]; // GET /recorded?jdk&case=N HTTP/1.1
      Map<String, List<String>> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = colon < 0 ? lines[i] : lines[i].substring(0, colon);
        String value = colon < 0 ? "" : lines[i].substring(colon + 1).replaceAll("^[ \t]+|[ \t]+$", "");
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
      }
      String key = target.substring(target.indexOf('?') + 1).replace('&', ' ');
      recorded.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(headers);
      socket.getOutputStream().write(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    } catch (IOException e) {
      recordingFailures.add(e.toString());
    }
  }

  /** Writes case {@code i} on a socket, each character of its headers as one byte, and reads the status. */
  static Answer send(int port, int i, Hostile hostile) {
    String head = "GET /hostile?case=" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + hostile.headerLines() + "\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(bytes(head));
        out.flush();
      } catch (IOException e) {
        // a server refusing the request may close before reading it all: read what it answered
      }
      String answer = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      int end = answer.indexOf("\r\n");
      String statusLine = end < 0 ? answer : answer.substring(0, end);
      String[] parts = statusLine.split(" ");
      return new Answer(parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1, statusLine);
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    }
  }

  /** Each character as one byte: {@link #utf8} spells multi-byte characters. */
  static byte[] bytes(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) throw new IllegalArgumentException("not a byte at " + i + ": use utf8()");
    }
    return text.getBytes(ISO_8859_1);
  }

  /** {@code text}'s UTF-8 bytes, one character each, as {@link #bytes} writes them. */
  static String utf8(String text) {
    return new String(text.getBytes(UTF_8), ISO_8859_1);
  }

  static String line(String name, String value) {
    return name + ": " + value + "\r\n";
  }

  static String traceparent() {
    return line("traceparent", TRACEPARENT);
  }

  /** {@code count} members made by {@code member} from their index, joined with commas. */
  static String members(int count, java.util.function.IntFunction<String> member) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < count; i++) list.append(i == 0 ? "" : ",").append(member.apply(i));
    return list.toString();
  }

  /** {@code count} header lines made by {@code field} from their index. */
  static String fields(int count, java.util.function.IntFunction<String> field) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) lines.append(field.apply(i));
    return lines.toString();
  }

  /** As many members as needed to pass a mebibyte. */
  static String mebibyteOf(java.util.function.IntFunction<String> member) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; list.length() < MEBIBYTE; i++) list.append(i == 0 ? "" : ",").append(member.apply(i));
    return list.toString();
  }

  static List<Hostile> cases() {
    List<Hostile> all = new ArrayList<>();
    // The control: valid headers are read and passed on, so the hostile cases are not passing vacuously.
    all.add(new Hostile("valid tracestate and baggage", traceparent() + line("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        + line("baggage", "user_id=alice,tenant=acme,region=eu%20west,session=s1,other=x"), (sent, handled) -> {
          assertThat(handled.traceIdString()).isEqualTo(TRACE_ID);
          assertThat(sent.combined("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
          assertThat(W3cGrammar.decodeBaggage(sent.combined("baggage")))
              .isEqualTo(Map.of("user_id", "alice", "tenant", "acme", "region", "eu west"));
          assertThat(sent.all("x-user-id")).containsExactly("alice");
          assertThat(handled.baggage(SESSION)).as("a local field is never read from a request").isNull();
        }));
    all.add(new Hostile("user_id in its own header only", line("x-user-id", "alice"),
        (sent, handled) -> assertThat(handled.baggage(USER_ID)).isEqualTo("alice")));

    // Raw bytes no header may carry, in each header read: {header, before the value, a member after it}.
    String[][] headers = {{"tracestate", "congo=", "rojo=2"}, {"baggage", "user_id=", "tenant=acme"}, {"x-user-id", "", "tenant=acme"}};
    String[][] raw = {{"control character", "a\u0001b"}, {"NUL", "a\u0000b"}, {"DEL", "a\u007fb"},
        {"escape sequence", "\u001b[31mred"}, {"tab in a value", "a\tb"}, {"UTF-8 value", utf8("Am\u00e9lie")},
        {"Latin-1 byte", "\u00ff"}, {"bare CR", "a\r"}, {"bare LF", "a\nx-injected: 1"}};
    for (String[] header : headers) {
      for (String[] value : raw) {
        all.add(new Hostile(header[0] + ": " + value[0], traceparent() + line(header[0], header[1] + value[1]
            + (value[1].endsWith("\r") ? "" : ",") + header[2])));
      }
      all.add(new Hostile(header[0] + ": folded onto a second line", traceparent() + header[0] + ": " + header[1] + "a\r\n ,"
          + header[2] + "\r\n"));
    }

    // tracestate
    all.add(new Hostile("tracestate: one value of 1 MiB", traceparent() + line("tracestate", "congo=" + "x".repeat(MEBIBYTE))));
    all.add(new Hostile("tracestate: 1 MiB of members", traceparent() + line("tracestate", mebibyteOf(m -> "k" + m + "=v" + m))));
    all.add(new Hostile("tracestate: 10,000 members", traceparent() + line("tracestate", members(10_000, m -> "k" + m + "=v"))));
    all.add(new Hostile("tracestate: 10,000 members in 100 fields", traceparent()
        + fields(100, f -> line("tracestate", members(100, m -> "f" + f + "m" + m + "=v")))));
    all.add(new Hostile("tracestate: 150 fields", traceparent() + "tracestate: a=1\r\n".repeat(150)));
    all.add(new Hostile("tracestate: 33 members", traceparent() + line("tracestate", members(33, m -> "k" + m + "=v"))));
    all.add(new Hostile("tracestate: key of 257 characters", traceparent() + line("tracestate", "z".repeat(257) + "=1,congo=2")));
    all.add(new Hostile("tracestate: value of 257 characters", traceparent() + line("tracestate", "congo=" + "v".repeat(257))));
    all.add(new Hostile("tracestate: UTF-8 key", traceparent() + line("tracestate", utf8("c\u00f6ngo") + "=1,rojo=2")));
    all.add(new Hostile("tracestate: escaped CR LF, opaque", traceparent() + line("tracestate", "congo=a%0D%0Ab")));
    all.add(new Hostile("tracestate: duplicated keys", traceparent() + line("tracestate", "congo=1,congo=2")));
    all.add(new Hostile("tracestate: two fields", traceparent() + line("tracestate", "congo=1") + line("tracestate", "rojo=2")));
    all.add(new Hostile("tracestate: empty", traceparent() + line("tracestate", "")));
    all.add(new Hostile("tracestate: commas and blanks", traceparent() + line("tracestate", ",, ,\t,")));
    all.add(new Hostile("tracestate: no equals sign", traceparent() + line("tracestate", "congo")));
    all.add(new Hostile("tracestate: two equals signs", traceparent() + line("tracestate", "congo=bar=baz")));
    all.add(new Hostile("tracestate: uppercase key", traceparent() + line("tracestate", "Congo=1")));
    all.add(new Hostile("tracestate: key starting with @", traceparent() + line("tracestate", "@congo=1,rojo=2")));
    all.add(new Hostile("tracestate without traceparent", line("tracestate", "congo=1"), (sent, handled) ->
        assertThat(sent.combined("tracestate")).as("a tracestate is read only with a valid traceparent").isNull()));
    all.add(new Hostile("tracestate after an invalid traceparent", line("traceparent", TRACEPARENT.toUpperCase(Locale.ROOT))
        + line("tracestate", "congo=1"), (sent, handled) ->
        assertThat(sent.combined("tracestate")).as("a tracestate is read only with a valid traceparent").isNull()));

    // traceparent
    all.add(new Hostile("traceparent: two fields", traceparent() + line("traceparent", "00-" + OTHER_TRACE_ID + "-b7ad6b7169203331-01")
        + line("tracestate", "congo=1"), (sent, handled) -> {
          assertThat(handled.traceIdString()).as("a traceparent sent twice is invalid: a new trace")
              .isNotIn(TRACE_ID, OTHER_TRACE_ID);
          assertThat(sent.combined("tracestate")).as("nor is its tracestate read").isNull();
        }));
    all.add(new Hostile("traceparent: 1 MiB", line("traceparent", "cc-" + TRACE_ID + "-00f067aa0ba902b7-01-" + "x".repeat(MEBIBYTE))
        + line("tracestate", "congo=1")));
    all.add(new Hostile("traceparent: control character", line("traceparent", TRACEPARENT.replace("-01", "-0\u0001"))));

    // baggage
    all.add(new Hostile("baggage: a declared value of 1 MiB", traceparent() + line("baggage", "user_id=" + "x".repeat(MEBIBYTE))));
    all.add(new Hostile("baggage: 1 MiB around declared keys", traceparent()
        + line("baggage", "tenant=acme,junk=" + "x".repeat(MEBIBYTE) + ",user_id=alice")));
    all.add(new Hostile("baggage: 1 MiB of members", traceparent() + line("baggage", mebibyteOf(m -> "k" + m + "=v"))));
    all.add(new Hostile("baggage: 10,000 members", traceparent() + line("baggage", members(10_000, m -> "m" + m + "=v") + ",user_id=alice")));
    all.add(new Hostile("baggage: 10,000 members of a declared key", traceparent() + line("baggage", members(10_000, m -> "user_id=u" + m))));
    all.add(new Hostile("baggage: 10,000 members in 100 fields", traceparent()
        + fields(100, f -> line("baggage", members(100, m -> "f" + f + "m" + m + "=v")))));
    all.add(new Hostile("baggage: over 8,192 bytes in two fields", traceparent() + line("baggage", "user_id=" + "a".repeat(5000))
        + line("baggage", "tenant=" + "b".repeat(5000))));
    all.add(new Hostile("baggage: duplicated keys", traceparent() + line("baggage", "user_id=a,user_id=b")));
    all.add(new Hostile("baggage: duplicated fields", traceparent() + line("baggage", "user_id=a") + line("baggage", "tenant=t")
        + line("baggage", "user_id=b")));
    for (String escape : List.of("%", "%zz", "%2", "%%%", "%C3", "%C3%28", "%FF%FE", "%ED%A0%80", "%00", "%7F", "%1B[31m",
        "%0D%0Ax-injected:%201", "%E2%80%A8", "a%2Cb%3Bc%3Dd%25", "%F0%9F%98%80")) {
      all.add(new Hostile("baggage: percent-escape " + escape, traceparent() + line("baggage", "user_id=" + escape + ",tenant=acme")));
    }
    all.add(new Hostile("baggage: UTF-8 emoji", traceparent() + line("baggage", utf8("user_id=\uD83D\uDE00"))));
    all.add(new Hostile("baggage: UTF-8 key", traceparent() + line("baggage", utf8("\u00fcser_id=1,user_id=alice"))));
    all.add(new Hostile("baggage: UTF-8 in a property", traceparent() + line("baggage", "user_id=alice;note=" + utf8("\u00e9"))));
    all.add(new Hostile("baggage: properties", traceparent() + line("baggage", "user_id=alice;p=1;q,tenant=acme;=;;")));
    all.add(new Hostile("baggage: whitespace", traceparent() + line("baggage", "  user_id \t=\t alice  ,\ttenant= acme ")));
    for (String odd : List.of("user_id=", "=alice", ",,,", "user_id", "user_id==a", "user_id=a=b", "user_id=\"quoted\"",
        "user_id=a\\b", "user_id=a b", "tenant=acme,,user_id=alice", "user_id=a,", ",user_id=a")) {
      all.add(new Hostile("baggage: " + odd, traceparent() + line("baggage", odd)));
    }
    all.add(new Hostile("baggage: undeclared keys only", traceparent() + line("baggage", "foo=bar,baz=qux"),
        (sent, handled) -> assertThat(sent.combined("baggage")).isNull()));
    all.add(new Hostile("baggage: a local field", traceparent() + line("baggage", "session=s1,user_id=alice"), (sent, handled) ->
        assertThat(handled.baggage(SESSION)).as("a local field is never read from a request").isNull()));
    all.add(new Hostile("baggage without traceparent", line("baggage", "user_id=alice,tenant=%0A")));

    // a field's own header
    all.add(new Hostile("own header: 1 MiB", traceparent() + line("x-user-id", "x".repeat(MEBIBYTE))));
    all.add(new Hostile("own header: 4,097 characters", traceparent() + line("x-user-id", "x".repeat(MAX_OWN_HEADER + 1))));
    all.add(new Hostile("own header: two fields", traceparent() + line("x-user-id", "alice") + line("x-user-id", "mallory")));
    all.add(new Hostile("own header: escaped CR LF, not decoded", traceparent() + line("x-user-id", "a%0D%0Ab")));
    all.add(new Hostile("own header: empty", traceparent() + line("x-user-id", "")));

    // everything at once
    all.add(new Hostile("all at once", traceparent() + line("traceparent", "00-" + OTHER_TRACE_ID + "-b7ad6b7169203331-01")
        + line("tracestate", "congo=a\u0001b," + members(40, m -> "k" + m + "=v")) + line("tracestate", "rojo=" + utf8("\u00e9"))
        + line("baggage", members(100, m -> "m" + m + "=%ZZ") + ",user_id=%0D%0A,tenant=" + "t".repeat(9000))
        + line("baggage", utf8("region=Z\u00fcrich")) + line("x-user-id", "a\u007fb") + line("x-b3-traceid", "463ac35c9f6413ad")
        + line("x-b3-spanid", "a2fb4a1d1a96d312") + line("b3", "garbage")));
    return all;
  }

  static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
